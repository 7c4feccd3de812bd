import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, LONG_MAX_TEXT, Password, parseType } from '../src/index.js';

/** Asserts `fn` throws a ConfigError for `key` whose message names `value` and matches `reason`. */
function rejects(fn: () => unknown, key: string, value: string, reason: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.equal(e.code, 'INVALID_VALUE');
    assert.equal(e.key, key);
    assert.equal(e.value, value);
    assert.ok(e.message.startsWith(`Invalid value ${value} for configuration ${key}: `), e.message);
    assert.match(e.reason ?? '', reason);
    return true;
  });
}

describe('parseType from properties-file text', () => {
  test('BOOLEAN: true/false in any case, trimmed; anything else refused', () => {
    assert.deepEqual(parseType('k', 'BOOLEAN', ' TRUE '), { value: true, text: 'true' });
    assert.deepEqual(parseType('k', 'BOOLEAN', 'False'), { value: false, text: 'false' });
    rejects(() => parseType('k', 'BOOLEAN', 'yes'), 'k', 'yes', /^Expected value to be either true or false$/);
  });

  test('STRING and CLASS: Java-trimmed text', () => {
    assert.deepEqual(parseType('k', 'STRING', '\t a b \n'), { value: 'a b', text: 'a b' });
    assert.deepEqual(parseType('k', 'CLASS', ' org.example.Foo'), {
      value: 'org.example.Foo',
      text: 'org.example.Foo',
    });
  });

  test('INT, SHORT, LONG: decimal integers within their width', () => {
    assert.deepEqual(parseType('k', 'INT', ' +42 '), { value: 42, text: '42' });
    assert.deepEqual(parseType('k', 'INT', '-2147483648'), { value: -2147483648, text: '-2147483648' });
    rejects(() => parseType('k', 'INT', '2147483648'), 'k', '2147483648', /^Not a number of type INT$/);
    rejects(() => parseType('k', 'INT', '1e3'), 'k', '1e3', /Not a number of type INT/);
    assert.deepEqual(parseType('k', 'SHORT', '32767'), { value: 32767, text: '32767' });
    rejects(() => parseType('k', 'SHORT', '32768'), 'k', '32768', /Not a number of type SHORT/);
    assert.deepEqual(parseType('k', 'LONG', '604800000'), { value: 604800000, text: '604800000' });
    rejects(() => parseType('k', 'LONG', '9223372036854775808'), 'k', '9223372036854775808', /type LONG/);
  });

  test('LONG beyond 2^53 is ±Infinity with its exact text kept', () => {
    assert.deepEqual(parseType('k', 'LONG', LONG_MAX_TEXT), { value: Number.POSITIVE_INFINITY, text: LONG_MAX_TEXT });
    const big = parseType('k', 'LONG', '9007199254740993');
    assert.equal(big.value, Number.POSITIVE_INFINITY);
    assert.equal(big.text, '9007199254740993');
    assert.deepEqual(parseType('k', 'LONG', '-9223372036854775808'), {
      value: Number.NEGATIVE_INFINITY,
      text: '-9223372036854775808',
    });
  });

  test("DOUBLE: Double.parseDouble's forms, printed as Double.toString", () => {
    assert.deepEqual(parseType('k', 'DOUBLE', '0.5'), { value: 0.5, text: '0.5' });
    assert.deepEqual(parseType('k', 'DOUBLE', '10'), { value: 10, text: '10.0' });
    assert.deepEqual(parseType('k', 'DOUBLE', '1.5d'), { value: 1.5, text: '1.5' });
    assert.deepEqual(parseType('k', 'DOUBLE', '1e8'), { value: 1e8, text: '1.0E8' });
    assert.equal(parseType('k', 'DOUBLE', 'NaN').text, 'NaN');
    rejects(() => parseType('k', 'DOUBLE', 'half'), 'k', 'half', /Not a number of type DOUBLE/);
  });

  test('LIST: comma-separated, spaces around commas dropped, empty text is an empty list', () => {
    assert.deepEqual(parseType('k', 'LIST', ' compact , delete '), {
      value: ['compact', 'delete'],
      text: 'compact,delete',
    });
    assert.deepEqual(parseType('k', 'LIST', ''), { value: [], text: '' });
    assert.deepEqual(parseType('k', 'LIST', 'a,,b').value, ['a', '', 'b']);
    assert.ok(Object.isFrozen(parseType('k', 'LIST', 'a').value));
  });

  test('PASSWORD: a Password whose text only .value gives', () => {
    const { value } = parseType('k', 'PASSWORD', ' s3cret ');
    assert.ok(value instanceof Password);
    assert.equal(value.value, 's3cret');
  });

  test('null stays null whatever the type', () => {
    assert.deepEqual(parseType('k', 'INT', null), { value: null, text: null });
  });
});

describe('parseType from JS values', () => {
  test('typed values are taken as they are', () => {
    assert.deepEqual(parseType('k', 'BOOLEAN', true), { value: true, text: 'true' });
    assert.deepEqual(parseType('k', 'INT', 7), { value: 7, text: '7' });
    assert.deepEqual(parseType('k', 'LONG', 5n), { value: 5, text: '5' });
    assert.deepEqual(parseType('k', 'DOUBLE', 0.25), { value: 0.25, text: '0.25' });
    assert.deepEqual(parseType('k', 'LIST', ['x', 'y']), { value: ['x', 'y'], text: 'x,y' });
    const p = new Password('pw');
    assert.equal(parseType('k', 'PASSWORD', p).value, p);
  });

  test('Infinity is Long.MAX_VALUE for a LONG only', () => {
    assert.deepEqual(parseType('k', 'LONG', Number.POSITIVE_INFINITY), {
      value: Number.POSITIVE_INFINITY,
      text: LONG_MAX_TEXT,
    });
    rejects(() => parseType('k', 'INT', Number.POSITIVE_INFINITY), 'k', 'Infinity', /Not a number of type INT/);
  });

  test('integers out of range or not whole are refused', () => {
    rejects(() => parseType('k', 'INT', 2 ** 31), 'k', '2147483648', /Not a number of type INT/);
    rejects(() => parseType('k', 'INT', 1.5), 'k', '1.5', /Not a number of type INT/);
  });

  test('a value of the wrong JS type names what it was', () => {
    rejects(
      () => parseType('k', 'INT', true),
      'k',
      'true',
      /^Expected value to be a 32-bit integer, but it was a boolean$/,
    );
    rejects(() => parseType('k', 'STRING', 3), 'k', '3', /Expected value to be a string, but it was a number/);
    rejects(() => parseType('k', 'BOOLEAN', 1), 'k', '1', /either true or false/);
    rejects(() => parseType('k', 'LIST', 5), 'k', '5', /Expected a comma separated list/);
  });
});
