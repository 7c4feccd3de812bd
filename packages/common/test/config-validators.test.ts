import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  all,
  atLeast,
  between,
  betweenOr,
  ConfigError,
  custom,
  inList,
  nonEmptyList,
  nonEmptyString,
  Password,
  type Validator,
} from '../src/index.js';

function refuses(v: Validator, value: Parameters<Validator['ensureValid']>[1], message: string): void {
  assert.throws(
    () => v.ensureValid('the.key', value),
    (e: unknown) =>
      e instanceof ConfigError && e.key === 'the.key' && e.code === 'INVALID_VALUE' && e.message === message,
  );
}

test('atLeast (Range.atLeast): the bound is allowed, below it and NaN are not', () => {
  const v = atLeast(1);
  assert.equal(v.validValues, '[1,...]');
  v.ensureValid('the.key', 1);
  v.ensureValid('the.key', Number.POSITIVE_INFINITY);
  refuses(v, 0, 'Invalid value 0 for configuration the.key: Value must be at least 1');
  refuses(v, Number.NaN, 'Invalid value NaN for configuration the.key: Value must be at least 1');
});

test('between (Range.between): inclusive at both ends', () => {
  const v = between(0, 1);
  assert.equal(v.validValues, '[0,...,1]');
  v.ensureValid('the.key', 0);
  v.ensureValid('the.key', 1);
  refuses(v, -0.5, 'Invalid value -0.5 for configuration the.key: Value must be at least 0');
  refuses(v, 1.5, 'Invalid value 1.5 for configuration the.key: Value must be no more than 1');
});

test('betweenOr: the range or one sentinel', () => {
  const v = betweenOr(1, 9, -1);
  v.ensureValid('the.key', -1);
  v.ensureValid('the.key', 9);
  refuses(v, 0, 'Invalid value 0 for configuration the.key: Value must be between 1 and 9 or equal to -1');
});

test('inList on a STRING (ValidString.in) is case-sensitive', () => {
  const v = inList('CreateTime', 'LogAppendTime');
  assert.equal(v.validValues, '[CreateTime, LogAppendTime]');
  v.ensureValid('the.key', 'CreateTime');
  refuses(
    v,
    'createtime',
    'Invalid value createtime for configuration the.key: String must be one of: CreateTime, LogAppendTime',
  );
});

test('inList on a LIST (ValidList.in) names the first element not allowed', () => {
  const v = inList('compact', 'delete');
  v.ensureValid('the.key', ['delete', 'compact']);
  v.ensureValid('the.key', []);
  refuses(
    v,
    ['compact', 'archive'],
    'Invalid value archive for configuration the.key: String must be one of: compact, delete',
  );
});

test('nonEmptyString and nonEmptyList', () => {
  nonEmptyString().ensureValid('the.key', 'x');
  refuses(nonEmptyString(), '', 'Invalid value  for configuration the.key: String must be non-empty');
  nonEmptyList().ensureValid('the.key', ['x']);
  refuses(nonEmptyList(), [], 'Invalid value  for configuration the.key: Empty list not allowed');
});

test('custom: the check says why, the error names key and whole value', () => {
  const even = custom('even numbers', (v) => (typeof v === 'number' && v % 2 !== 0 ? 'Value must be even' : undefined));
  assert.equal(even.validValues, 'even numbers');
  even.ensureValid('the.key', 4);
  refuses(even, 3, 'Invalid value 3 for configuration the.key: Value must be even');
});

test('all: every validator in order, the first failure wins', () => {
  const v = all(
    atLeast(0),
    custom('even', (x) => (x === 3 ? 'odd' : undefined)),
  );
  v.ensureValid('the.key', 2);
  refuses(v, -1, 'Invalid value -1 for configuration the.key: Value must be at least 0');
  refuses(v, 3, 'Invalid value 3 for configuration the.key: odd');
});

test('a refused Password is shown hidden', () => {
  const v = custom('long enough', (x) => (x instanceof Password && x.value.length < 8 ? 'too short' : undefined));
  refuses(v, new Password('abc'), 'Invalid value [hidden] for configuration the.key: too short');
});
