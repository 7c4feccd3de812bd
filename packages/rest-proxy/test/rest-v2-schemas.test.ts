/**
 * The v2 avro and jsonschema embedded formats through the broker's embedded Schema Registry:
 * a value schema sent with the records is registered under `<topic>-value` and its id answered,
 * records go out in Confluent's wire format (so @samsa/client's AvroDeserializer reads them), a
 * schema id can be given instead of the schema, and consumer instances of these formats decode
 * records with their schemas. Records without a schema, or not matching it, are refused (422).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Consumer, silentLogger } from '@samsa/client';
import { AvroDeserializer, SchemaRegistryClient } from '@samsa/client/schema-registry';

const AVRO = 'application/vnd.kafka.avro.v2+json';
const JSONSCHEMA = 'application/vnd.kafka.jsonschema.v2+json';

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  type = 'application/vnd.kafka.v2+json',
  accept = type,
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { accept, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes
  return { status: res.status, body: parsed as any };
}

const user = JSON.stringify({
  type: 'record',
  name: 'User',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'age', type: 'int' },
  ],
});

describe('REST proxy v2 with schema formats', () => {
  let broker: TestBroker;
  let proxy: string;
  let registry: string;
  before(async () => {
    broker = await startTestBroker({
      config: { 'rest.proxy.listeners': 'http://127.0.0.1:0', 'schema.registry.listeners': 'http://127.0.0.1:0' },
    });
    [proxy, registry] = await Promise.all([
      broker.broker.restProxy?.serving() as Promise<string>,
      broker.broker.schemaRegistry?.serving() as Promise<string>,
    ]);
    const cluster = (await call(proxy, 'GET', '/v3/clusters')).body.data[0].cluster_id;
    for (const t of ['users', 'events'])
      await call(
        proxy,
        'POST',
        `/v3/clusters/${cluster}/topics`,
        { topic_name: t, partitions_count: 1 },
        'application/json',
      );
  });
  after(async () => {
    await broker?.stop();
  });

  it('produces Avro records with a value schema, registered under <topic>-value, and consumes them', async () => {
    const p = await call(
      proxy,
      'POST',
      '/topics/users',
      { value_schema: user, records: [{ value: { name: 'ada', age: 36 } }] },
      AVRO,
    );
    assert.equal(p.status, 200, JSON.stringify(p.body));
    const latest = (await (await fetch(`${registry}/subjects/users-value/versions/latest`)).json()) as { id: number };
    assert.equal(p.body.value_schema_id, latest.id);
    assert.equal(p.body.key_schema_id, null);
    // By id, without the schema.
    const byId = await call(
      proxy,
      'POST',
      '/topics/users',
      { value_schema_id: latest.id, records: [{ value: { name: 'bo', age: 7 } }] },
      AVRO,
    );
    assert.deepEqual(
      byId.body.offsets.map((o: { offset: number }) => o.offset),
      [1],
    );
    const bad = await call(
      proxy,
      'POST',
      '/topics/users',
      { value_schema_id: latest.id, records: [{ value: { name: 1 } }] },
      AVRO,
    );
    assert.equal(bad.status, 422);
    const noSchema = await call(proxy, 'POST', '/topics/users', { records: [{ value: { name: 'x', age: 1 } }] }, AVRO);
    assert.equal(noSchema.status, 422);

    // The bytes are Confluent's wire format: @samsa/client's deserializer reads them.
    const consumer = new Consumer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    try {
      consumer.assign([{ topic: 'users', partition: 0 }]);
      await consumer.seekToBeginning();
      let rs: Awaited<ReturnType<typeof consumer.poll>> = [];
      const deadline = Date.now() + 30_000;
      while (rs.length === 0 && Date.now() < deadline) rs = await consumer.poll({ timeoutMs: 500 });
      const v = await new AvroDeserializer({ client: new SchemaRegistryClient({ url: registry }) }).deserialize(
        'users',
        rs[0]?.value ?? null,
      );
      assert.deepEqual({ ...(v as object) }, { name: 'ada', age: 36 });
    } finally {
      await consumer.close();
    }

    const created = await call(proxy, 'POST', '/consumers/avro-g', {
      name: 'a1',
      format: 'avro',
      'auto.offset.reset': 'earliest',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await call(proxy, 'POST', '/consumers/avro-g/instances/a1/subscription', { topics: ['users'] });
    const got: Array<{ value: unknown; offset: number }> = [];
    const deadline = Date.now() + 60_000;
    while (got.length < 2 && Date.now() < deadline) {
      const r = await call(proxy, 'GET', '/consumers/avro-g/instances/a1/records?timeout=1000', undefined, AVRO, AVRO);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      got.push(...r.body);
    }
    assert.deepEqual(
      got.map((r) => r.value),
      [
        { name: 'ada', age: 36 },
        { name: 'bo', age: 7 },
      ],
    );
    await call(proxy, 'DELETE', '/consumers/avro-g/instances/a1');
  });

  it('produces and consumes JSON Schema records', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { kind: { type: 'string' } } });
    const p = await call(
      proxy,
      'POST',
      '/topics/events',
      { value_schema: schema, records: [{ value: { kind: 'click' } }] },
      JSONSCHEMA,
    );
    assert.equal(p.status, 200, JSON.stringify(p.body));
    const registered = (await (await fetch(`${registry}/schemas/ids/${p.body.value_schema_id}`)).json()) as {
      schemaType: string;
    };
    assert.equal(registered.schemaType, 'JSON');
    await call(proxy, 'POST', '/consumers/js-g', { name: 'j1', format: 'jsonschema', 'auto.offset.reset': 'earliest' });
    await call(proxy, 'POST', '/consumers/js-g/instances/j1/subscription', { topics: ['events'] });
    const got: Array<{ value: unknown }> = [];
    const deadline = Date.now() + 60_000;
    while (got.length < 1 && Date.now() < deadline) {
      got.push(
        ...(
          await call(
            proxy,
            'GET',
            '/consumers/js-g/instances/j1/records?timeout=1000',
            undefined,
            JSONSCHEMA,
            JSONSCHEMA,
          )
        ).body,
      );
    }
    assert.deepEqual(
      got.map((r) => r.value),
      [{ kind: 'click' }],
    );
    await call(proxy, 'DELETE', '/consumers/js-g/instances/j1');
  });
});
