/**
 * Kafka's single message transforms and predicates, each against the behaviour Kafka documents
 * for it (connect.html "Transformations" and the transforms' javadoc examples), with and without
 * schemas, configured by Kafka's class names and keys through the same registry the worker uses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConnectDate,
  ConnectTimestamp,
  type Predicate,
  SchemaBuilder,
  Schemas,
  SinkRecord,
  SourceRecord,
  Struct,
  type Transformation,
} from '../src/api/index.js';
import { bundledPlugins } from '../src/runtime/bundled-plugins.js';
import { TransformationChain } from '../src/runtime/transformation-chain.js';

const plugins = bundledPlugins();

function smt(className: string, props: Record<string, string> = {}): Transformation {
  const t = plugins.transformation(className);
  t.configure(props);
  return t;
}

function sink(fields: Partial<ConstructorParameters<typeof SinkRecord>[0]> = {}): SinkRecord {
  return new SinkRecord({
    topic: 'orders',
    kafkaPartition: 3,
    value: null,
    kafkaOffset: 42n,
    timestamp: 1_700_000_000_123,
    ...fields,
  });
}

const userSchema = SchemaBuilder.struct()
  .name('User')
  .field('id', Schemas.INT32_SCHEMA)
  .field('email', Schemas.OPTIONAL_STRING_SCHEMA)
  .field('age', Schemas.INT32_SCHEMA)
  .build();
const user = () => new Struct(userSchema).put('id', 7).put('email', 'a@b.c').put('age', 40);

test('InsertField$Value adds topic, partition, offset, timestamp and a static field', () => {
  const t = smt('org.apache.kafka.connect.transforms.InsertField$Value', {
    'topic.field': 'topic!',
    'partition.field': 'part',
    'offset.field': 'off',
    'timestamp.field': 'ts',
    'static.field': 'dc',
    'static.value': 'eu-1',
  });
  const out = t.apply(sink({ valueSchema: userSchema, value: user() })) as SinkRecord;
  const v = out.value as Struct;
  assert.deepEqual(
    out.valueSchema?.fields.map((f) => [f.name, f.schema.type, f.schema.optional]),
    [
      ['id', 'INT32', false],
      ['email', 'STRING', true],
      ['age', 'INT32', false],
      ['topic', 'STRING', false],
      ['part', 'INT32', true],
      ['off', 'INT64', true],
      ['ts', 'INT64', true],
      ['dc', 'STRING', true],
    ],
  );
  assert.equal(out.valueSchema?.field('ts')?.schema.name, ConnectTimestamp.LOGICAL_NAME);
  assert.deepEqual([v.get('topic'), v.get('part'), v.get('off'), v.get('dc')], ['orders', 3, 42n, 'eu-1']);
  assert.equal((v.get('ts') as Date).getTime(), 1_700_000_000_123);
  const schemaless = t.apply(sink({ value: { a: 1 } }));
  assert.deepEqual(schemaless?.value, { a: 1, topic: 'orders', part: 3, off: 42, ts: 1_700_000_000_123, dc: 'eu-1' });
  assert.equal(t.apply(sink({ value: null }))?.value, null, 'tombstones pass unchanged');
  assert.throws(
    () => t.apply(sink({ value: 'text' })),
    /Only Map objects supported in absence of schema for \[field insertion\], found: string/,
  );
});

test('ReplaceField$Value includes, excludes and renames', () => {
  const t = smt('org.apache.kafka.connect.transforms.ReplaceField$Value', { exclude: 'age', renames: 'email:mail' });
  const out = t.apply(sink({ valueSchema: userSchema, value: user() }));
  assert.deepEqual(
    out?.valueSchema?.fields.map((f) => f.name),
    ['id', 'mail'],
  );
  assert.equal((out?.value as Struct).get('mail'), 'a@b.c');
  const inc = smt('ReplaceField$Value', { include: 'id,age' });
  assert.deepEqual(inc.apply(sink({ value: { id: 1, email: 'x', age: 2 } }))?.value, { id: 1, age: 2 });
  assert.throws(() => smt('ReplaceField$Value', { renames: 'broken' }), /Invalid rename mapping/);
});

test("MaskField$Value replaces with the type's empty value or a replacement", () => {
  const out = smt('MaskField$Value', { fields: 'email,age' }).apply(sink({ valueSchema: userSchema, value: user() }));
  assert.deepEqual(
    [(out?.value as Struct).get('email'), (out?.value as Struct).get('age'), (out?.value as Struct).get('id')],
    ['', 0, 7],
  );
  const rep = smt('MaskField$Value', { fields: 'email,age', replacement: '9' }).apply(
    sink({ value: { email: 'x', age: 40, n: true } }),
  );
  assert.deepEqual(rep?.value, { email: '9', age: 9, n: true });
});

test('ValueToKey builds the key from value fields', () => {
  const t = smt('org.apache.kafka.connect.transforms.ValueToKey', { fields: 'id,age' });
  const out = t.apply(sink({ valueSchema: userSchema, value: user() }));
  assert.deepEqual(
    out?.keySchema?.fields.map((f) => [f.name, f.schema.type]),
    [
      ['id', 'INT32'],
      ['age', 'INT32'],
    ],
  );
  assert.equal((out?.key as Struct).get('id'), 7);
  assert.deepEqual(t.apply(sink({ value: { id: 1, age: 2, x: 3 } }))?.key, { id: 1, age: 2 });
  assert.throws(
    () => smt('ValueToKey', { fields: 'nope' }).apply(sink({ valueSchema: userSchema, value: user() })),
    /Field does not exist: nope/,
  );
});

test('ExtractField$Key and HoistField$Value', () => {
  const ex = smt('org.apache.kafka.connect.transforms.ExtractField$Key', { field: 'id' });
  const out = ex.apply(sink({ keySchema: userSchema, key: user() }));
  assert.deepEqual([out?.keySchema, out?.key], [Schemas.INT32_SCHEMA, 7]);
  assert.equal(ex.apply(sink({ key: { id: 'k' } }))?.key, 'k');
  const nested = smt('ExtractField$Value', { field: 'a.b', 'field.syntax.version': 'V2' });
  assert.equal(nested.apply(sink({ value: { a: { b: 5 } } }))?.value, 5);
  const hoist = smt('HoistField$Value', { field: 'line' });
  const h = hoist.apply(sink({ valueSchema: Schemas.STRING_SCHEMA, value: 'hello' }));
  assert.equal((h?.value as Struct).get('line'), 'hello');
  assert.deepEqual(hoist.apply(sink({ value: 42 }))?.value, { line: 42 });
});

test('Cast$Value casts fields and whole values as Java does', () => {
  const t = smt('Cast$Value', { spec: 'age:string,id:boolean' });
  const out = t.apply(sink({ valueSchema: userSchema, value: user() }));
  assert.deepEqual(
    out?.valueSchema?.fields.map((f) => f.schema.type),
    ['BOOLEAN', 'STRING', 'STRING'],
  );
  assert.deepEqual([(out?.value as Struct).get('id'), (out?.value as Struct).get('age')], [true, '40']);
  assert.equal(
    smt('Cast$Value', { spec: 'int8' }).apply(sink({ valueSchema: Schemas.INT32_SCHEMA, value: 300 }))?.value,
    44,
  );
  assert.equal(smt('Cast$Value', { spec: 'int32' }).apply(sink({ value: '12' }))?.value, 12);
  assert.equal(smt('Cast$Value', { spec: 'float64' }).apply(sink({ value: true }))?.value, 1);
  assert.deepEqual(smt('Cast$Value', { spec: 'x:int64' }).apply(sink({ value: { x: 1.9, y: 'k' } }))?.value, {
    x: 1,
    y: 'k',
  });
  assert.throws(() => smt('Cast$Value', { spec: 'x:uuid' }), /Invalid type found in casting spec: uuid/);
});

test('TimestampConverter$Value converts between string, unix, Date, Time and Timestamp', () => {
  const s = SchemaBuilder.struct().field('ts', Schemas.STRING_SCHEMA).build();
  const toTs = smt('TimestampConverter$Value', {
    field: 'ts',
    'target.type': 'Timestamp',
    format: "yyyy-MM-dd'T'HH:mm:ss.SSS",
  });
  const out = toTs.apply(sink({ valueSchema: s, value: new Struct(s).put('ts', '2023-11-14T22:13:20.123') }));
  assert.equal(out?.valueSchema?.field('ts')?.schema.name, ConnectTimestamp.LOGICAL_NAME);
  assert.equal(((out?.value as Struct).get('ts') as Date).getTime(), 1_700_000_000_123);
  const toStr = smt('TimestampConverter$Value', { 'target.type': 'string', format: 'yyyy-MM-dd HH:mm' });
  assert.equal(toStr.apply(sink({ value: 1_700_000_000_123 }))?.value, '2023-11-14 22:13');
  const toUnixSec = smt('TimestampConverter$Value', { 'target.type': 'unix', 'unix.precision': 'seconds' });
  assert.equal(
    toUnixSec.apply(sink({ valueSchema: ConnectTimestamp.SCHEMA, value: new Date(1_700_000_000_123) }))?.value,
    1_700_000_000,
  );
  const toDate = smt('TimestampConverter$Value', { 'target.type': 'Date' });
  const d = toDate.apply(sink({ value: 1_700_000_000_123 }));
  assert.equal((d?.value as Date).toISOString(), '2023-11-14T00:00:00.000Z');
  const withSchema = toDate.apply(sink({ valueSchema: Schemas.INT64_SCHEMA, value: 1_700_000_000_123 }));
  assert.equal(withSchema?.valueSchema?.name, ConnectDate.LOGICAL_NAME);
  assert.throws(() => smt('TimestampConverter$Value', { 'target.type': 'string' }), /requires format option/);
});

test('Flatten$Value joins nested names with the delimiter', () => {
  const inner = SchemaBuilder.struct().optional().field('city', Schemas.STRING_SCHEMA).build();
  const s = SchemaBuilder.struct().field('id', Schemas.INT32_SCHEMA).field('address', inner).build();
  const v = new Struct(s).put('id', 1).put('address', new Struct(inner).put('city', 'Oslo'));
  const out = smt('Flatten$Value', { delimiter: '_' }).apply(sink({ valueSchema: s, value: v }));
  assert.deepEqual(
    out?.valueSchema?.fields.map((f) => [f.name, f.schema.optional]),
    [
      ['id', false],
      ['address_city', true],
    ],
  );
  assert.equal((out?.value as Struct).get('address_city'), 'Oslo');
  assert.deepEqual(smt('Flatten$Value').apply(sink({ value: { a: { b: { c: 1 } }, d: [1] } }))?.value, {
    'a.b.c': 1,
    d: [1],
  });
});

test('RegexRouter and TimestampRouter rename topics', () => {
  const rr = smt('org.apache.kafka.connect.transforms.RegexRouter', { regex: '(.*)ers', replacement: '$1-v2' });
  assert.equal(rr.apply(sink())?.topic, 'ord-v2');
  assert.equal(rr.apply(sink({ topic: 'payments' }))?.topic, 'payments', 'only whole-topic matches are renamed');
  const tr = smt('TimestampRouter', {});
  assert.equal(tr.apply(sink())?.topic, 'orders-20231114');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's own ${...} placeholder syntax
  const tr2 = smt('TimestampRouter', { 'topic.format': 'x_${topic}_${timestamp}', 'timestamp.format': 'yyyy.MM' });
  assert.equal(tr2.apply(sink())?.topic, 'x_orders_2023.11');
  assert.throws(() => tr.apply(sink({ timestamp: null })), /Timestamp missing on record/);
});

test('Filter with TopicNameMatches, HasHeaderKey, RecordIsTombstone and negate', () => {
  const chain = (props: Record<string, string>) => TransformationChain.fromConfig(props, plugins);
  const byTopic = chain({
    transforms: 'drop',
    'transforms.drop.type': 'org.apache.kafka.connect.transforms.Filter',
    'transforms.drop.predicate': 'isFoo',
    predicates: 'isFoo',
    'predicates.isFoo.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    'predicates.isFoo.pattern': 'foo.*',
  });
  assert.equal(byTopic.apply(sink({ topic: 'foobar', value: 1 })), null);
  assert.notEqual(byTopic.apply(sink({ topic: 'barfoo', value: 1 })), null);
  const keepOnlyHeader = chain({
    transforms: 'f',
    'transforms.f.type': 'Filter',
    'transforms.f.predicate': 'h',
    'transforms.f.negate': 'true',
    predicates: 'h',
    'predicates.h.type': 'HasHeaderKey',
    'predicates.h.name': 'trace',
  });
  assert.equal(keepOnlyHeader.apply(sink({ value: 1 })), null);
  assert.notEqual(
    keepOnlyHeader.apply(sink({ value: 1, headers: [{ key: 'trace', schema: null, value: 'x' }] })),
    null,
  );
  const tomb = plugins.predicate('RecordIsTombstone') as Predicate;
  tomb.configure({});
  assert.equal(tomb.test(sink({ value: null })), true);
  assert.equal(tomb.test(sink({ value: 'x' })), false);
  // A guarded transform only runs where its predicate holds.
  const guarded = chain({
    transforms: 'route',
    'transforms.route.type': 'RegexRouter',
    'transforms.route.regex': '.*',
    'transforms.route.replacement': 'dead',
    'transforms.route.predicate': 't',
    predicates: 't',
    'predicates.t.type': 'RecordIsTombstone',
  });
  assert.equal(guarded.apply(sink({ value: null }))?.topic, 'dead');
  assert.equal(guarded.apply(sink({ value: 1 }))?.topic, 'orders');
  assert.throws(
    () => chain({ transforms: 'x', 'transforms.x.type': 'Filter', 'transforms.x.predicate': 'nope' }),
    /undefined predicate nope/,
  );
});

test('source records keep their source partition and offset through transforms', () => {
  const r = new SourceRecord({ topic: 't', value: { a: 1 }, sourcePartition: { f: 'x' }, sourceOffset: { p: 3 } });
  const out = smt('HoistField$Value', { field: 'v' }).apply(r) as SourceRecord;
  assert.deepEqual([out.sourcePartition, out.sourceOffset], [{ f: 'x' }, { p: 3 }]);
});
