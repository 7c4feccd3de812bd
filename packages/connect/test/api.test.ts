/** The connector API: Kafka's ConfigDef.validate shape, the data model's checks, logical types. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atLeast } from '@samsa/common';
import {
  bigintToBytes,
  bytesToBigint,
  ConnectConfigDef,
  Decimal,
  DecimalValue,
  SchemaBuilder,
  Schemas,
  Struct,
} from '../src/api/index.js';

const DEF = new ConnectConfigDef([
  { name: 'file', type: 'STRING', importance: 'HIGH', doc: 'Source filename.', group: 'Common', orderInGroup: 1 },
  { name: 'batch.size', type: 'INT', default: 2000, validator: atLeast(1), importance: 'LOW', doc: 'Batch size.' },
  {
    name: 'mode',
    type: 'STRING',
    default: 'a',
    importance: 'LOW',
    doc: 'A mode.',
    recommender: { validValues: () => ['a', 'b'], visible: (_n, parsed) => parsed['batch.size'] !== 1 },
  },
]);

test('validateAll reports each field on its own, in Kafka ConfigInfo shape', () => {
  const out = DEF.validateAll({ 'batch.size': '-1' });
  const byName = new Map(out.map((c) => [c.definition.name, c]));
  assert.deepEqual(byName.get('file')?.value.errors, [
    'Missing required configuration "file" which has no default value.',
  ]);
  assert.deepEqual(byName.get('batch.size')?.value.errors, [
    'Invalid value -1 for configuration batch.size: Value must be at least 1',
  ]);
  assert.deepEqual(byName.get('mode')?.value, {
    name: 'mode',
    value: 'a',
    recommended_values: ['a', 'b'],
    errors: [],
    visible: true,
  });
  assert.deepEqual(byName.get('file')?.definition, {
    name: 'file',
    type: 'STRING',
    required: true,
    default_value: null,
    importance: 'HIGH',
    documentation: 'Source filename.',
    group: 'Common',
    width: 'NONE',
    display_name: 'file',
    dependents: [],
    order: 1,
  });
  assert.equal(byName.get('batch.size')?.definition.default_value, '2000');
  const ok = DEF.validateAll({ file: '/tmp/x', 'batch.size': '1' });
  assert.equal(ok.flatMap((c) => c.value.errors).length, 0);
  assert.equal(ok.find((c) => c.definition.name === 'mode')?.value.visible, false);
});

test('Struct checks values against field schemas and answers defaults', () => {
  const s = SchemaBuilder.struct()
    .field('a', Schemas.INT8_SCHEMA)
    .field('b', SchemaBuilder.string().optional().defaultValue('dflt').build())
    .build();
  const v = new Struct(s);
  assert.throws(() => v.put('a', 300), /Invalid Java object for schema with type INT8/);
  assert.throws(() => v.put('nope', 1), /nope is not a valid field name/);
  assert.throws(() => v.validate(), /null used for required field: "a"/);
  v.put('a', 1);
  v.validate();
  assert.equal(v.get('b'), 'dflt');
  assert.equal(v.getWithoutDefault('b'), null);
  assert.throws(
    () => SchemaBuilder.struct().field('a', Schemas.INT8_SCHEMA).field('a', Schemas.INT8_SCHEMA),
    /duplication/,
  );
});

test('Decimal bytes are Java BigInteger.toByteArray', () => {
  const cases: Array<[bigint, string]> = [
    [0n, '00'],
    [127n, '7f'],
    [128n, '0080'],
    [-1n, 'ff'],
    [-128n, '80'],
    [-129n, 'ff7f'],
    [-12345n, 'cfc7'],
  ];
  for (const [n, hex] of cases) {
    assert.equal(bigintToBytes(n).toString('hex'), hex, String(n));
    assert.equal(bytesToBigint(Buffer.from(hex, 'hex')), n);
  }
  const schema = Decimal.schema(2);
  assert.equal(
    Decimal.toLogical(schema, Decimal.fromLogical(schema, DecimalValue.parse('-123.45'))).toString(),
    '-123.45',
  );
  assert.throws(() => Decimal.fromLogical(schema, DecimalValue.parse('1.5')), /mismatching scale/);
});
