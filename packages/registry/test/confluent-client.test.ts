/**
 * Confluent's own Python client (confluent-kafka 2.16 SchemaRegistryClient and AvroSerializer)
 * against the registry embedded in a test broker: registration, lookups, versions, compatibility
 * and Confluent's error codes as the client parses them; then a record it serialized (magic byte
 * 0, 4-byte schema id, Avro body) is consumed with @samsa/client and decoded with the schema the
 * registry serves for that id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Consumer, silentLogger } from '@samsa/client';
import { expectSuccess, referencePython, referencesMissing } from '@samsa/test-kit';
import avro from 'avsc';
import { call } from './registry-harness.js';
import { CONFLUENT_REGISTRY_SCENARIO } from './support/confluent-scenario.js';

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
      const schema = (await call(url, 'GET', `/schemas/ids/${id}`)).body.schema as string;
      const decoded = avro.Type.forSchema(JSON.parse(schema)).fromBuffer(value.subarray(5));
      assert.deepEqual({ ...decoded }, { id: 'p-1', amount: 12.5, currency: 'CHF' });
    } finally {
      await consumer.close();
    }
  });
});
