/**
 * JSON Schema compatibility by Confluent's rules, one named case per rule: the new schema (reader)
 * must accept everything the old one (writer) accepted for BACKWARD, the reverse for FORWARD.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CompatibilityLevel, compatibilityErrors, parseSchema } from '../src/index.js';

const js = (s: object | boolean) => parseSchema('JSON', JSON.stringify(s), []);
const errors = (level: CompatibilityLevel, prev: object | boolean, next: object | boolean) =>
  compatibilityErrors(level, js(next), [{ version: 1, schema: js(prev) }]).join(' ');
const ok = (level: CompatibilityLevel, prev: object | boolean, next: object | boolean) =>
  errors(level, prev, next) === '';

const obj = (properties: object, extra: object = {}) => ({ type: 'object', properties, ...extra });

describe('JSON Schema compatibility rules', () => {
  it('type extended integer → number is backward compatible; narrowed number → integer is not', () => {
    assert.ok(ok('BACKWARD', { type: 'integer' }, { type: 'number' }));
    assert.match(errors('BACKWARD', { type: 'number' }, { type: 'integer' }), /TYPE_CHANGED/);
    assert.match(errors('BACKWARD', { type: ['string', 'null'] }, { type: 'string' }), /TYPE_NARROWED/);
    assert.ok(ok('BACKWARD', { type: 'string' }, { type: ['string', 'null'] }));
  });
  it('optional property added to a closed content model: compatible', () => {
    const prev = obj({ a: { type: 'string' } }, { additionalProperties: false });
    assert.ok(
      ok('BACKWARD', prev, obj({ a: { type: 'string' }, b: { type: 'string' } }, { additionalProperties: false })),
    );
  });
  it('property added to an open content model: incompatible (old data may hold it with any value)', () => {
    assert.match(
      errors('BACKWARD', obj({ a: { type: 'string' } }), obj({ a: { type: 'string' }, b: { type: 'string' } })),
      /PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL/,
    );
    // ... unless its schema accepts anything.
    assert.ok(ok('BACKWARD', obj({ a: { type: 'string' } }), obj({ a: { type: 'string' }, b: {} })));
  });
  it('required property added: incompatible, unless it has a default', () => {
    const prev = obj({ a: { type: 'string' } }, { additionalProperties: false });
    const next = (b: object) => obj({ a: { type: 'string' }, b }, { additionalProperties: false, required: ['b'] });
    assert.match(errors('BACKWARD', prev, next({ type: 'string' })), /REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL/);
    assert.ok(ok('BACKWARD', prev, next({ type: 'string', default: 'x' })));
  });
  it('property removed from a closed content model: incompatible; from an open one: compatible', () => {
    const closed = (p: object) => obj(p, { additionalProperties: false });
    assert.match(
      errors('BACKWARD', closed({ a: { type: 'string' }, b: { type: 'string' } }), closed({ a: { type: 'string' } })),
      /PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL/,
    );
    assert.ok(ok('BACKWARD', obj({ a: { type: 'string' }, b: { type: 'string' } }), obj({ a: { type: 'string' } })));
  });
  it('bounds: relaxed is compatible, tightened or added is not', () => {
    assert.ok(ok('BACKWARD', { type: 'string', maxLength: 5 }, { type: 'string', maxLength: 10 }));
    assert.match(
      errors('BACKWARD', { type: 'string', maxLength: 10 }, { type: 'string', maxLength: 5 }),
      /MAX_LENGTH_DECREASED/,
    );
    assert.match(errors('BACKWARD', { type: 'number' }, { type: 'number', minimum: 0 }), /MINIMUM_ADDED/);
    assert.ok(ok('BACKWARD', { type: 'number', minimum: 0 }, { type: 'number' }));
    assert.match(errors('BACKWARD', { type: 'string' }, { type: 'string', pattern: '^a' }), /PATTERN_ADDED/);
  });
  it('enum extended is backward compatible, narrowed is not (and the reverse for FORWARD)', () => {
    assert.ok(ok('BACKWARD', { enum: ['a'] }, { enum: ['a', 'b'] }));
    assert.match(errors('BACKWARD', { enum: ['a', 'b'] }, { enum: ['a'] }), /ENUM_ARRAY_NARROWED/);
    assert.ok(!ok('FORWARD', { enum: ['a'] }, { enum: ['a', 'b'] }));
  });
  it('union extended is compatible, narrowed is not', () => {
    assert.ok(ok('BACKWARD', { oneOf: [{ type: 'string' }] }, { oneOf: [{ type: 'string' }, { type: 'integer' }] }));
    assert.match(
      errors('BACKWARD', { oneOf: [{ type: 'string' }, { type: 'integer' }] }, { oneOf: [{ type: 'string' }] }),
      /SUM_TYPE_NARROWED/,
    );
  });
  it('nested properties, array items and local $refs are compared too', () => {
    const withRef = (t: string) => ({
      type: 'object',
      properties: { xs: { type: 'array', items: { $ref: '#/definitions/X' } } },
      definitions: { X: { type: t } },
    });
    assert.ok(ok('BACKWARD', withRef('integer'), withRef('number')));
    assert.match(errors('BACKWARD', withRef('number'), withRef('string')), /TYPE_CHANGED.*properties\/xs\/items/);
  });
  it('FULL needs both directions; NONE accepts anything', () => {
    assert.ok(!ok('FULL', { type: 'integer' }, { type: 'number' }));
    assert.ok(ok('NONE', { type: 'number' }, { type: 'string' }));
  });
});
