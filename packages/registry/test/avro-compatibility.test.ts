/**
 * Avro compatibility by the specification's schema resolution, one named case per rule, and the
 * compatibility levels (direction, latest or every version).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CompatibilityLevel, compatibilityErrors, parseSchema } from '../src/index.js';

const rec = (...fields: object[]) => parseSchema('AVRO', JSON.stringify({ type: 'record', name: 'R', fields }), []);
const avro = (s: object | string) => parseSchema('AVRO', JSON.stringify(s), []);
/** Whether `next` may follow `prev` under `level`. */
const ok = (level: CompatibilityLevel, prev: ReturnType<typeof avro>[], next: ReturnType<typeof avro>) =>
  compatibilityErrors(
    level,
    next,
    prev.map((schema, i) => ({ version: i + 1, schema })),
  ).length === 0;

const name = { name: 'name', type: 'string' };

describe('Avro compatibility rules', () => {
  it('field added with a default: backward compatible', () => {
    assert.ok(ok('BACKWARD', [rec(name)], rec(name, { name: 'age', type: 'int', default: 0 })));
  });
  it('field added without a default: not backward compatible, but forward compatible', () => {
    const next = rec(name, { name: 'age', type: 'int' });
    assert.ok(!ok('BACKWARD', [rec(name)], next));
    assert.ok(ok('FORWARD', [rec(name)], next));
    assert.ok(!ok('FULL', [rec(name)], next));
  });
  it('field removed without a default in the old schema: backward compatible, not forward', () => {
    const prev = rec(name, { name: 'age', type: 'int' });
    assert.ok(ok('BACKWARD', [prev], rec(name)));
    assert.ok(!ok('FORWARD', [prev], rec(name)));
  });
  it('type promotion int → long is backward compatible; long → int is not', () => {
    assert.ok(ok('BACKWARD', [avro('int')], avro('long')));
    assert.ok(!ok('BACKWARD', [avro('long')], avro('int')));
    assert.ok(ok('BACKWARD', [avro('float')], avro('double')));
    assert.ok(ok('BACKWARD', [avro('string')], avro('bytes')));
  });
  it('enum symbol removed: old data may hold it, so not backward compatible', () => {
    const prev = avro({ type: 'enum', name: 'E', symbols: ['A', 'B'] });
    const next = avro({ type: 'enum', name: 'E', symbols: ['A'] });
    assert.ok(!ok('BACKWARD', [prev], next));
    assert.ok(ok('FORWARD', [prev], next));
  });
  it('union widened: backward compatible; narrowed: not', () => {
    assert.ok(ok('BACKWARD', [avro(['null', 'string'])], avro(['null', 'string', 'int'])));
    assert.ok(!ok('BACKWARD', [avro(['null', 'string', 'int'])], avro(['null', 'string'])));
  });
  it('incompatible type change string → int', () => {
    assert.ok(!ok('BACKWARD', [avro('string')], avro('int')));
    assert.ok(ok('NONE', [avro('string')], avro('int')));
  });
  it('transitive levels check every version, the others only the latest', () => {
    // v1 has `age` without default; v2 drops it; v3 adds it back without default.
    const v1 = rec(name, { name: 'age', type: 'int' });
    const v2 = rec(name);
    const v3 = rec(name, { name: 'age', type: 'int' });
    assert.ok(!ok('BACKWARD', [v1, v2], v3)); // v3 cannot read v2's data
    const v3b = rec(name, { name: 'age', type: 'int', default: 1 });
    assert.ok(ok('BACKWARD', [v1, v2], v3b));
    assert.ok(ok('FORWARD', [v1, v2], v2));
    // FORWARD_TRANSITIVE: v1 must read v3c's data; v3c lacks age, v1 has it without default.
    const v3c = rec(name, { name: 'x', type: 'int', default: 0 });
    assert.ok(ok('FORWARD', [v1, v2], v3c));
    assert.ok(!ok('FORWARD_TRANSITIVE', [v1, v2], v3c));
    assert.ok(!ok('FULL_TRANSITIVE', [v1, v2], v3c));
    assert.ok(ok('BACKWARD_TRANSITIVE', [v1, v2], v3c));
  });
  it('reports the old version and level in Confluent-shaped messages', () => {
    const errors = compatibilityErrors('BACKWARD', rec(name, { name: 'age', type: 'int' }), [
      { version: 4, schema: rec(name) },
    ]);
    assert.ok(errors.includes('{oldSchemaVersion: 4}'));
    assert.ok(errors.includes("{compatibility: 'BACKWARD'}"));
  });
  it('refuses what is not an Avro schema', () => {
    assert.throws(() => avro({ type: 'record', name: 'R' }), /SchemaParseError|fields/);
    assert.throws(() => parseSchema('AVRO', '{', []), /JSON/);
  });
});
