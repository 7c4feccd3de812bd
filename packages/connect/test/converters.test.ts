/**
 * Converters against Kafka's own output: the golden strings below were printed by Kafka 3.9.2's
 * JsonConverter (connect-json-3.9.2.jar) for the same schema and values, so these tests prove
 * byte-exactness with Kafka's JSON envelope, not agreement with ourselves.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConnectDate,
  ConnectTimestamp,
  Decimal,
  DecimalValue,
  SchemaBuilder,
  Schemas,
  Struct,
} from '../src/api/index.js';
import { ByteArrayConverter, JsonConverter, SimpleHeaderConverter, StringConverter } from '../src/converters/index.js';

const KAFKA_ENVELOPE =
  '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},{"type":"int64","optional":false,"field":"big"},{"type":"string","optional":true,"field":"name"},{"type":"float","optional":false,"field":"f"},{"type":"double","optional":false,"field":"d"},{"type":"boolean","optional":false,"default":true,"field":"ok"},{"type":"bytes","optional":false,"field":"raw"},{"type":"array","items":{"type":"string","optional":false},"optional":true,"field":"tags"},{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false,"field":"m"},{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":false,"field":"im"},{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"},"field":"price"},{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1,"field":"day"},{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"ts"}],"optional":false,"name":"com.example.Row","version":2,"doc":"a row"},"payload":{"id":42,"big":9007199254740993,"name":"café \\"q\\"\\n","f":0.1,"d":1.0,"ok":true,"raw":"AQL/","tags":["a","b"],"m":{"x":1},"im":[[7,"seven"]],"price":"z8c=","day":19000,"ts":1700000000123}}';
const KAFKA_PLAIN =
  '{"id":42,"big":9007199254740993,"name":"café \\"q\\"\\n","f":0.1,"d":1.0,"ok":true,"raw":"AQL/","tags":["a","b"],"m":{"x":1},"im":[[7,"seven"]],"price":"z8c=","day":19000,"ts":1700000000123}';

function rowSchema() {
  return SchemaBuilder.struct()
    .name('com.example.Row')
    .version(2)
    .doc('a row')
    .field('id', Schemas.INT32_SCHEMA)
    .field('big', Schemas.INT64_SCHEMA)
    .field('name', Schemas.OPTIONAL_STRING_SCHEMA)
    .field('f', Schemas.FLOAT32_SCHEMA)
    .field('d', Schemas.FLOAT64_SCHEMA)
    .field('ok', SchemaBuilder.bool().defaultValue(true).build())
    .field('raw', Schemas.BYTES_SCHEMA)
    .field('tags', SchemaBuilder.array(Schemas.STRING_SCHEMA).optional().build())
    .field('m', SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.INT32_SCHEMA).build())
    .field('im', SchemaBuilder.map(Schemas.INT32_SCHEMA, Schemas.STRING_SCHEMA).build())
    .field('price', Decimal.schema(2))
    .field('day', ConnectDate.SCHEMA)
    .field('ts', ConnectTimestamp.SCHEMA)
    .build();
}

function row() {
  const s = rowSchema();
  return new Struct(s)
    .put('id', 42)
    .put('big', 9007199254740993n)
    .put('name', 'café "q"\n')
    .put('f', Math.fround(0.1))
    .put('d', 1.0)
    .put('raw', Buffer.from([1, 2, 255]))
    .put('tags', ['a', 'b'])
    .put('m', new Map([['x', 1]]))
    .put('im', new Map([[7, 'seven']]))
    .put('price', DecimalValue.parse('-123.45'))
    .put('day', new Date(19000 * 86400000))
    .put('ts', new Date(1700000000123));
}

function json(enabled: boolean): JsonConverter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': String(enabled) }, false);
  return c;
}

test('JsonConverter writes the envelope byte for byte as Kafka does', () => {
  const v = row();
  assert.equal(json(true).fromConnectData('t', v.schema, v)?.toString('utf8'), KAFKA_ENVELOPE);
  assert.equal(json(false).fromConnectData('t', v.schema, v)?.toString('utf8'), KAFKA_PLAIN);
});

test('JsonConverter reads Kafka envelope back into the same schema and values', () => {
  const back = json(true).toConnectData('t', Buffer.from(KAFKA_ENVELOPE));
  assert.ok(back.value instanceof Struct);
  const s = back.value as Struct;
  assert.equal(back.schema?.name, 'com.example.Row');
  assert.equal(back.schema?.version, 2);
  assert.equal(s.get('big'), 9007199254740993n);
  assert.equal(s.get('f'), Math.fround(0.1));
  assert.deepEqual(s.get('raw'), Buffer.from([1, 2, 255]));
  assert.equal((s.get('price') as DecimalValue).toString(), '-123.45');
  assert.equal((s.get('ts') as Date).getTime(), 1700000000123);
  assert.deepEqual([...(s.get('im') as Map<unknown, unknown>)], [[7, 'seven']]);
  // And writing it again gives Kafka's bytes again.
  assert.equal(json(true).fromConnectData('t', back.schema, back.value)?.toString('utf8'), KAFKA_ENVELOPE);
});

test('JsonConverter: nulls, doubles and schemaless values as Kafka writes them', () => {
  const c = json(true);
  assert.equal(
    c.fromConnectData('t', Schemas.OPTIONAL_STRING_SCHEMA, null)?.toString(),
    '{"schema":{"type":"string","optional":true},"payload":null}',
  );
  assert.equal(
    c.fromConnectData('t', Schemas.FLOAT64_SCHEMA, 1e10)?.toString(),
    '{"schema":{"type":"double","optional":false},"payload":1.0E10}',
  );
  assert.equal(c.fromConnectData('t', null, { k: 1 })?.toString(), '{"schema":null,"payload":{"k":1}}');
  assert.equal(c.fromConnectData('t', null, null), null);
  assert.throws(() => c.fromConnectData('t', Schemas.STRING_SCHEMA, null), /null value for field that is required/);
});

test("JsonConverter with schemas.enable refuses plain JSON with Kafka's message; without it infers types", () => {
  assert.throws(() => json(true).toConnectData('t', Buffer.from('{"a":1}')), /requires "schema" and "payload" fields/);
  const plain = json(false).toConnectData('t', Buffer.from('{"a":1,"b":1.0,"c":[true,null],"d":12345678901234567890}'));
  assert.equal(plain.schema, null);
  assert.deepEqual(plain.value, { a: 1, b: 1, c: [true, null], d: 12345678901234567890n });
  assert.throws(() => json(false).toConnectData('t', Buffer.from('{"a":')), /serialization error/);
  assert.deepEqual(json(true).toConnectData('t', null), { schema: null, value: null });
});

test('JsonConverter reads NUMERIC decimals and writes them with decimal.format=NUMERIC', () => {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': 'false', 'decimal.format': 'NUMERIC' }, false);
  assert.equal(c.fromConnectData('t', Decimal.schema(3), DecimalValue.parse('1.500'))?.toString(), '1.500');
  const back = json(true).toConnectData(
    't',
    Buffer.from(
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":12.5}',
    ),
  );
  assert.equal((back.value as DecimalValue).toString(), '12.50');
});

test('StringConverter and ByteArrayConverter', () => {
  const s = new StringConverter();
  s.configure({});
  assert.equal(s.fromConnectData('t', null, 'héllo')?.toString('utf8'), 'héllo');
  assert.equal(s.fromConnectData('t', Schemas.INT32_SCHEMA, 5)?.toString(), '5');
  assert.deepEqual(s.toConnectData('t', Buffer.from('x')), { schema: Schemas.OPTIONAL_STRING_SCHEMA, value: 'x' });
  assert.equal(s.fromConnectData('t', null, null), null);
  const b = new ByteArrayConverter();
  assert.deepEqual(b.fromConnectData('t', Schemas.BYTES_SCHEMA, Buffer.from([9])), Buffer.from([9]));
  assert.throws(() => b.fromConnectData('t', Schemas.STRING_SCHEMA, 'x'), /Invalid schema type/);
  assert.throws(() => b.fromConnectData('t', null, 'x'), /not compatible/);
});

// Expected types and values as printed by Kafka 3.9.2's SimpleHeaderConverter for the same text.
test('SimpleHeaderConverter infers the types Kafka infers', () => {
  const h = new SimpleHeaderConverter();
  const read = (s: string) => h.toConnectHeader('t', 'k', Buffer.from(s));
  assert.deepEqual(read('true'), { schema: Schemas.BOOLEAN_SCHEMA, value: true });
  assert.deepEqual(read('100'), { schema: Schemas.INT8_SCHEMA, value: 100 });
  assert.deepEqual(read('-5'), { schema: Schemas.INT8_SCHEMA, value: -5 });
  assert.equal(read('1000').schema, Schemas.INT16_SCHEMA);
  assert.equal(read('100000').schema, Schemas.INT32_SCHEMA);
  assert.deepEqual(read('10000000000'), { schema: Schemas.INT64_SCHEMA, value: 10000000000 });
  assert.deepEqual(read('1.5'), { schema: Schemas.FLOAT32_SCHEMA, value: 1.5 });
  assert.deepEqual(read('3.141592653589793'), {
    schema: Schemas.FLOAT32_SCHEMA,
    value: Math.fround(Math.PI),
  });
  assert.deepEqual(read('hello'), { schema: Schemas.STRING_SCHEMA, value: 'hello' });
  assert.deepEqual(read(''), { schema: Schemas.STRING_SCHEMA, value: '' });
  assert.deepEqual(read('[1,2]').value, [1, 2]);
  assert.deepEqual(read('{"a":1}').value, { a: 1 });
  const date = read('2023-11-14');
  assert.equal(date.schema?.name, 'org.apache.kafka.connect.data.Date');
  assert.equal((date.value as Date).toISOString(), '2023-11-14T00:00:00.000Z');
  assert.equal(h.fromConnectHeader('t', 'k', Schemas.FLOAT64_SCHEMA, 2)?.toString(), '2.0');
  assert.equal(
    h.fromConnectHeader('t', 'k', SchemaBuilder.array(Schemas.INT32_SCHEMA).build(), [1, 2])?.toString(),
    '[1,2]',
  );
  assert.equal(
    h
      .fromConnectHeader(
        't',
        'k',
        SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.INT32_SCHEMA).build(),
        new Map([['a', 1]]),
      )
      ?.toString(),
    '{"a":1}',
  );
  assert.equal(h.fromConnectHeader('t', 'k', Schemas.STRING_SCHEMA, 'v')?.toString(), 'v');
  assert.equal(h.toConnectHeader('t', 'k', null).value, null);
});
