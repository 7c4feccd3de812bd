/**
 * `npm run bench:registry`: the Schema Registry embedded in one in-process broker, measured from an
 * HTTP client on the same machine — registrations/s (each a new schema: a write to `_schemas`
 * read back before the answer), lookups/s by id and by schema text — and, in the same run, Avro
 * serialization in @samsa/client (Confluent's wire format) beside JSON.stringify on the same
 * records. A benchmark, not a test: it prints a table and asserts only that answers are right.
 */
import { startTestBroker } from '@samsa/broker/testing';
import { AvroSerializer, SchemaRegistryClient } from '@samsa/client/schema-registry';

const schema = (n: number) =>
  JSON.stringify({
    type: 'record',
    name: `Bench${n}`,
    fields: [
      { name: 'id', type: 'long' },
      { name: 'name', type: 'string' },
    ],
  });

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Runs `count` calls of `fn` with `concurrency` in flight; answers calls per second. */
async function rate(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await fn(next++);
    }),
  );
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  const broker = await startTestBroker({ config: { 'schema.registry.listeners': 'http://127.0.0.1:0' } });
  try {
    const url = await (broker.broker.schemaRegistry?.serving() as Promise<string>);
    await post(`${url}/config`, {}).catch(() => {}); // warm the connection
    await fetch(`${url}/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"compatibility":"NONE"}',
    });
    const N = 500;
    const registerSeq = await rate(N, 1, (i) => post(`${url}/subjects/bench-seq/versions`, { schema: schema(i) }));
    const registerPar = await rate(N, 8, (i) => post(`${url}/subjects/bench-par/versions`, { schema: schema(N + i) }));
    const byId = await rate(5000, 8, async (i) => {
      const res = await fetch(`${url}/schemas/ids/${(i % N) + 1}`);
      if (res.status !== 200) throw new Error(`id ${(i % N) + 1}: ${res.status}`);
      await res.arrayBuffer();
    });
    const lookup = await rate(2000, 8, (i) => post(`${url}/subjects/bench-seq`, { schema: schema(i % N) }));

    const records = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `user-${i}` }));
    const serializer = new AvroSerializer({ client: new SchemaRegistryClient({ url }), schema: schema(0) });
    await serializer.serialize('bench', records[0]);
    let avroBytes = 0;
    let t = process.hrtime.bigint();
    for (const r of records) avroBytes += (await serializer.serialize('bench', r)).length;
    const avroSecs = Number(process.hrtime.bigint() - t) / 1e9;
    let jsonBytes = 0;
    t = process.hrtime.bigint();
    for (const r of records) jsonBytes += Buffer.from(JSON.stringify(r)).length;
    const jsonSecs = Number(process.hrtime.bigint() - t) / 1e9;

    const rows = [
      ['registrations/s, 1 client (new schema each)', registerSeq.toFixed(0)],
      ['registrations/s, 8 concurrent', registerPar.toFixed(0)],
      ['GET /schemas/ids/{id} per s, 8 concurrent', byId.toFixed(0)],
      ['POST /subjects/{s} lookups/s, 8 concurrent', lookup.toFixed(0)],
      [`Avro serialize (wire format), records/s`, (records.length / avroSecs).toFixed(0)],
      [
        `Avro serialize, MB/s (${(avroBytes / records.length).toFixed(1)} B/record)`,
        (avroBytes / avroSecs / 1e6).toFixed(1),
      ],
      [`JSON.stringify, records/s`, (records.length / jsonSecs).toFixed(0)],
      [
        `JSON.stringify, MB/s (${(jsonBytes / records.length).toFixed(1)} B/record)`,
        (jsonBytes / jsonSecs / 1e6).toFixed(1),
      ],
    ];
    console.log('| measure | value |\n| --- | ---: |');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    await broker.stop();
  }
}

await main();
