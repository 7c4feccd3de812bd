/**
 * `@samsa/client/schema-registry` against the registry embedded in a test broker: Confluent's wire
 * format, Avro and JSON Schema round trips through a topic, Avro resolution into a newer reader
 * schema, auto-registration versus lookup versus the latest version, the subject name strategies,
 * and ids cached after the first record (the registry is not asked again).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Consumer, Producer, silentLogger } from '../src/index.js';
import {
  AvroDeserializer,
  AvroSerializer,
  frame,
  JsonSchemaDeserializer,
  JsonSchemaSerializer,
  RegistryClientError,
  recordNameStrategy,
  SchemaRegistryClient,
  SerializationError,
  topicRecordNameStrategy,
  unframe,
} from '../src/schema-registry/index.js';

const userV1 = { type: 'record', name: 'User', namespace: 'samsa.serde', fields: [{ name: 'name', type: 'string' }] };
const userV2 = {
  ...userV1,
  fields: [...userV1.fields, { name: 'age', type: 'int', default: 7 }],
};

describe('schema registry serdes', () => {
  let broker: TestBroker;
  let client: SchemaRegistryClient;
  let url: string;
  before(async () => {
    broker = await startTestBroker({ config: { 'schema.registry.listeners': 'http://127.0.0.1:0' } });
    url = await (broker.broker.schemaRegistry?.serving() as Promise<string>);
    client = new SchemaRegistryClient({ url });
  });
  after(async () => {
    await broker?.stop();
  });

  it('frames values as magic byte 0 and a big-endian schema id', () => {
    const f = frame(258, Buffer.from([9, 9]));
    assert.deepEqual([...f], [0, 0, 0, 1, 2, 9, 9]);
    assert.deepEqual(unframe(f), { schemaId: 258, payload: Buffer.from([9, 9]) });
    assert.throws(() => unframe(Buffer.from([1, 0, 0, 0, 1])), SerializationError);
    assert.throws(() => unframe(Buffer.from([0, 0])), SerializationError);
  });

  it('writes Avro records through a topic and reads them back, also into a newer reader schema', async () => {
    const serializer = new AvroSerializer<{ name: string }>({ client, schema: userV1 });
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    const consumer = new Consumer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    try {
      const value = await serializer.serialize('users', { name: 'ada' });
      const id = (await client.getLatestVersion('users-value')).id;
      assert.equal(value.readInt32BE(1), id);
      await producer.send({ topic: 'users', value });
      consumer.assign([{ topic: 'users', partition: 0 }]);
      await consumer.seekToBeginning();
      let records: Awaited<ReturnType<typeof consumer.poll>> = [];
      const deadline = Date.now() + 30_000;
      while (records.length === 0 && Date.now() < deadline) records = await consumer.poll({ timeoutMs: 500 });
      const raw = records[0]?.value ?? null;
      const plain = await new AvroDeserializer<{ name: string }>({ client }).deserialize('users', raw);
      assert.equal(plain?.name, 'ada');
      const resolved = await new AvroDeserializer<{ name: string; age: number }>({
        client,
        readerSchema: userV2,
      }).deserialize('users', raw);
      assert.deepEqual({ ...resolved }, { name: 'ada', age: 7 });
    } finally {
      await producer.close();
      await consumer.close();
    }
  });

  it('refuses a value that does not match the schema, and an unknown subject without auto-registration', async () => {
    const serializer = new AvroSerializer({ client, schema: userV1 });
    await assert.rejects(serializer.serialize('users', { name: 42 }), SerializationError);
    const noRegister = new AvroSerializer({ client, schema: userV1, autoRegisterSchemas: false });
    await assert.rejects(noRegister.serialize('nobody', { name: 'x' }), (err: unknown) => {
      assert.ok(err instanceof RegistryClientError);
      assert.deepEqual([err.status, err.errorCode], [404, 40401]);
      return true;
    });
    // With lookup only, a registered schema is found.
    const lookup = new AvroSerializer({ client, schema: userV1, autoRegisterSchemas: false });
    assert.ok((await lookup.serialize('users', { name: 'x' })).length > 5);
  });

  it('useLatestVersion writes with the subject latest schema', async () => {
    await client.register('evolving-value', { schema: JSON.stringify(userV1) });
    await client.register('evolving-value', { schema: JSON.stringify(userV2) });
    const latest = await client.getLatestVersion('evolving-value');
    const s = new AvroSerializer({ client, useLatestVersion: true });
    const v = await s.serialize('evolving', { name: 'bo', age: 3 });
    assert.equal(v.readInt32BE(1), latest.id);
  });

  it('names subjects by TopicNameStrategy, RecordNameStrategy and TopicRecordNameStrategy', async () => {
    await new AvroSerializer({ client, schema: userV1, isKey: true }).serialize('keys', { name: 'k' });
    await new AvroSerializer({ client, schema: userV1, subjectNameStrategy: recordNameStrategy }).serialize('t1', {
      name: 'k',
    });
    await new AvroSerializer({ client, schema: userV1, subjectNameStrategy: topicRecordNameStrategy }).serialize('t2', {
      name: 'k',
    });
    const subjects = (await (await fetch(`${url}/subjects`)).json()) as string[];
    for (const s of ['keys-key', 'samsa.serde.User', 't2-samsa.serde.User'])
      assert.ok(subjects.includes(s), `${s} in ${subjects}`);
  });

  it('caches the id: once found, the registry is not asked again for that subject', async () => {
    const schema = { type: 'record', name: 'Cached', fields: [{ name: 'n', type: 'long' }] };
    const s = new AvroSerializer({ client: new SchemaRegistryClient({ url }), schema });
    const first = await s.serialize('cached', { n: 1 });
    // Remove the subject entirely: a serializer that asked again would register a new version.
    await fetch(`${url}/subjects/cached-value`, { method: 'DELETE' });
    await fetch(`${url}/subjects/cached-value?permanent=true`, { method: 'DELETE' });
    const second = await s.serialize('cached', { n: 2 });
    assert.equal(second.readInt32BE(1), first.readInt32BE(1));
    assert.equal((await fetch(`${url}/subjects/cached-value/versions`)).status, 404);
  });

  it('writes and reads JSON Schema values', async () => {
    const schema = { title: 'Order', type: 'object', properties: { id: { type: 'string' } } };
    const v = await new JsonSchemaSerializer({ client, schema }).serialize('orders', { id: 'o-1' });
    const registered = await client.getSchemaById(v.readInt32BE(1));
    assert.equal(registered.schemaType, 'JSON');
    assert.deepEqual(await new JsonSchemaDeserializer().deserialize('orders', v), { id: 'o-1' });
  });
});
