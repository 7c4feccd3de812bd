/**
 * The npm package @kafkajs/confluent-schema-registry against the registry embedded in a test
 * broker, with records produced and consumed through KafkaJS: Avro and JSON Schema schemas
 * registered, records encoded and decoded, latest ids, an incompatible schema refused; and its
 * Avro records decode with @samsa/client's AvroDeserializer (and the other way round).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry as KafkaJsRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient } from '@samsa/client/schema-registry';
import { Kafka, logLevel } from 'kafkajs';

const order = {
  type: 'record',
  name: 'Order',
  namespace: 'samsa.kjs',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'qty', type: 'int' },
  ],
};

describe('@kafkajs/confluent-schema-registry with KafkaJS', () => {
  let broker: TestBroker;
  let url: string;
  let kafka: Kafka;
  before(async () => {
    broker = await startTestBroker({ config: { 'schema.registry.listeners': 'http://127.0.0.1:0' } });
    url = await (broker.broker.schemaRegistry?.serving() as Promise<string>);
    kafka = new Kafka({ clientId: 'kjs-registry', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  });
  after(async () => {
    await broker?.stop();
  });

  async function roundTrip(topic: string, values: Buffer[]): Promise<Buffer[]> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `g-${topic}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no records on ${topic}`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push(message.value as Buffer);
          if (got.length === values.length) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return got;
  }

  it('registers, encodes and decodes Avro and JSON Schema records through KafkaJS', async () => {
    const registry = new KafkaJsRegistry({ host: url });
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(order) },
      { subject: 'kjs-orders-value' },
    );
    assert.equal(await registry.getLatestSchemaId('kjs-orders-value'), id);
    const jsonSchema = { type: 'object', properties: { sku: { type: 'string' } } };
    const json = await registry.register(
      { type: SchemaType.JSON, schema: JSON.stringify(jsonSchema) },
      { subject: 'kjs-items-value' },
    );
    assert.notEqual(json.id, id);

    const [avroBack] = await roundTrip('kjs-orders', [await registry.encode(id, { id: 'o-1', qty: 2 })]);
    assert.deepEqual({ ...(await registry.decode(avroBack as Buffer)) }, { id: 'o-1', qty: 2 });
    // The same bytes through @samsa/client's deserializer.
    const samsa = await new AvroDeserializer({ client: new SchemaRegistryClient({ url }) }).deserialize(
      'kjs-orders',
      avroBack as Buffer,
    );
    assert.deepEqual({ ...(samsa as object) }, { id: 'o-1', qty: 2 });

    const [jsonBack] = await roundTrip('kjs-items', [await registry.encode(json.id, { sku: 'a-1' })]);
    assert.deepEqual(await registry.decode(jsonBack as Buffer), { sku: 'a-1' });
  });

  it("decodes @samsa/client's Avro records, and gets Confluent's 409 for an incompatible schema", async () => {
    const registry = new KafkaJsRegistry({ host: url });
    const value = await new AvroSerializer({ client: new SchemaRegistryClient({ url }), schema: order }).serialize(
      'kjs-mixed',
      {
        id: 'o-2',
        qty: 5,
      },
    );
    const [back] = await roundTrip('kjs-mixed', [value]);
    assert.deepEqual({ ...(await registry.decode(back as Buffer)) }, { id: 'o-2', qty: 5 });
    const incompatible = { ...order, fields: [...order.fields, { name: 'note', type: 'string' }] };
    await assert.rejects(
      registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(incompatible) },
        { subject: 'kjs-orders-value' },
      ),
      (err: Error & { status?: number }) => {
        assert.match(err.message, /incompatible/);
        return true;
      },
    );
  });
});
