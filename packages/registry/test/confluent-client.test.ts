/**
 * Confluent's own Python client (confluent-kafka 2.16 SchemaRegistryClient, AvroSerializer and
 * AvroDeserializer) against the registry embedded in a test broker: registration, lookups,
 * versions, compatibility and Confluent's error codes as the client parses them; a record it
 * serialized (magic byte 0, 4-byte schema id, Avro body) is consumed with @samsa/client and decoded
 * with its AvroDeserializer; and records written with @samsa/client's AvroSerializer are decoded by
 * Confluent's AvroDeserializer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Consumer, Producer, silentLogger } from '@samsa/client';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient } from '@samsa/client/schema-registry';
import { expectSuccess, referencePython, referencesMissing } from '@samsa/test-kit';
import { call } from './registry-harness.js';
import { CONFLUENT_AVRO_CONSUMER, CONFLUENT_REGISTRY_SCENARIO } from './support/confluent-scenario.js';

describe('Confluent schema registry client against Samsa', { skip: referencesMissing() }, () => {
  let broker: TestBroker;
  let url: string;
  before(async () => {
    broker = await startTestBroker({ config: { 'schema.registry.listeners': 'http://127.0.0.1:0' } });
    url = await (broker.broker.schemaRegistry?.serving() as Promise<string>);
  });
  after(async () => {
    await broker?.stop();
  });

  it('registers, reads and checks schemas; its Avro record is read back by @samsa/client', async () => {
    const r = expectSuccess(
      await referencePython(CONFLUENT_REGISTRY_SCENARIO, [url, broker.bootstrap, 'payments'], 120_000),
      'confluent-kafka schema registry scenario',
    );
    const out = JSON.parse(r.stdout);
    assert.equal(out.id1, 1);
    assert.equal(out.id2, 2);
    assert.equal(out.latest.version, 2);
    assert.equal(out.latest.id, 2);
    assert.deepEqual(out.versions, [1, 2]);
    assert.deepEqual(out.subjects, ['payments-value']);
    assert.equal(out.lookup, 1);
    assert.equal(out.compatibleBad, false);
    assert.deepEqual(out.badError, [409, 409]);
    assert.deepEqual(out.missingVersion, [404, 40402]);

    const consumer = new Consumer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    try {
      consumer.assign([{ topic: 'payments', partition: 0 }]);
      await consumer.seekToBeginning();
      const deadline = Date.now() + 30_000;
      let records: Awaited<ReturnType<typeof consumer.poll>> = [];
      while (records.length === 0 && Date.now() < deadline) records = await consumer.poll({ timeoutMs: 500 });
      assert.equal(records.length, 1);
      const value = records[0]?.value as Buffer;
      assert.equal(value.toString('hex'), out.sent);
      assert.equal(value[0], 0, 'magic byte');
      const id = value.readInt32BE(1);
      assert.equal(id, 2);
      const decoded = await new AvroDeserializer({ client: new SchemaRegistryClient({ url }) }).deserialize(
        'payments',
        value,
      );
      assert.deepEqual({ ...(decoded as object) }, { id: 'p-1', amount: 12.5, currency: 'CHF' });
    } finally {
      await consumer.close();
    }
  });

  it("records written with @samsa/client's AvroSerializer are read by Confluent's AvroDeserializer", async () => {
    const schema = {
      type: 'record',
      name: 'Reading',
      namespace: 'samsa.ts',
      fields: [
        { name: 'sensor', type: 'string' },
        { name: 'celsius', type: 'float' },
      ],
    };
    const serializer = new AvroSerializer({ client: new SchemaRegistryClient({ url }), schema });
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    try {
      for (const [sensor, celsius] of [
        ['a', 20.5],
        ['b', -3.25],
      ] as const)
        await producer.send({ topic: 'readings', value: await serializer.serialize('readings', { sensor, celsius }) });
    } finally {
      await producer.close();
    }
    const r = expectSuccess(
      await referencePython(CONFLUENT_AVRO_CONSUMER, [url, broker.bootstrap, 'readings', '2'], 120_000),
      'confluent-kafka AvroDeserializer',
    );
    assert.deepEqual(JSON.parse(r.stdout), [
      { sensor: 'a', celsius: 20.5 },
      { sensor: 'b', celsius: -3.25 },
    ]);
    assert.deepEqual((await call(url, 'GET', '/subjects')).body.includes('readings-value'), true);
  });
});
