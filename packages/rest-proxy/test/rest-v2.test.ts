/**
 * The REST proxy's v2 API against an embedded proxy: records produced in the json and binary
 * embedded formats, then read by consumer instances — created, subscribed, read (a `max_bytes`
 * that holds one record gets one record per request, none lost), committed (the group's lag
 * shows it), refused in the wrong format (406, 40601), deleted (then 404, 40403).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';

const V2 = 'application/vnd.kafka.v2+json';

async function call(base: string, method: string, path: string, body?: unknown, type = V2, accept = V2) {
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
  return { status: res.status, body: parsed as any, type: res.headers.get('content-type') ?? '' };
}

describe('REST proxy v2', () => {
  let broker: TestBroker;
  let base: string;
  let cluster: string;
  before(async () => {
    broker = await startTestBroker({ config: { 'rest.proxy.listeners': 'http://127.0.0.1:0' } });
    base = await (broker.broker.restProxy?.serving() as Promise<string>);
    cluster = (await call(base, 'GET', '/v3/clusters')).body.data[0].cluster_id;
    for (const t of ['v2-json', 'v2-bin'])
      await call(
        base,
        'POST',
        `/v3/clusters/${cluster}/topics`,
        { topic_name: t, partitions_count: 1 },
        'application/json',
      );
  });
  after(async () => {
    await broker?.stop();
  });

  /** Reads until `count` records came back (the first requests may find the group still joining). */
  async function readAll(path: string, accept: string, count: number) {
    const got: Array<Record<string, unknown>> = [];
    const deadline = Date.now() + 60_000;
    while (got.length < count && Date.now() < deadline) {
      const r = await call(base, 'GET', path, undefined, V2, accept);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      got.push(...r.body);
    }
    return got;
  }

  it('produces json records and a json consumer instance reads and commits them', async () => {
    const produced = await call(
      base,
      'POST',
      '/topics/v2-json',
      { records: [{ key: 'a', value: { n: 1 } }, { value: [2] }] },
      'application/vnd.kafka.json.v2+json',
    );
    assert.equal(produced.status, 200);
    assert.deepEqual(produced.body, {
      offsets: [
        { partition: 0, offset: 0, error_code: null, error: null },
        { partition: 0, offset: 1, error_code: null, error: null },
      ],
      key_schema_id: null,
      value_schema_id: null,
    });
    const created = await call(base, 'POST', '/consumers/v2-g', {
      name: 'c1',
      format: 'json',
      'auto.offset.reset': 'earliest',
      'auto.commit.enable': 'false',
    });
    assert.deepEqual(created.body, { instance_id: 'c1', base_uri: `${base}/consumers/v2-g/instances/c1` });
    const dup = await call(base, 'POST', '/consumers/v2-g', { name: 'c1', format: 'json' });
    assert.deepEqual([dup.status, dup.body.error_code], [409, 40902]);
    assert.equal(
      (await call(base, 'POST', '/consumers/v2-g/instances/c1/subscription', { topics: ['v2-json'] })).status,
      204,
    );
    const records = await readAll(
      '/consumers/v2-g/instances/c1/records?timeout=1000',
      'application/vnd.kafka.json.v2+json',
      2,
    );
    assert.deepEqual(records, [
      { topic: 'v2-json', key: 'a', value: { n: 1 }, partition: 0, offset: 0 },
      { topic: 'v2-json', key: null, value: [2], partition: 0, offset: 1 },
    ]);
    const wrong = await call(
      base,
      'GET',
      '/consumers/v2-g/instances/c1/records',
      undefined,
      V2,
      'application/vnd.kafka.binary.v2+json',
    );
    assert.deepEqual([wrong.status, wrong.body.error_code], [406, 40601]);
    assert.equal(
      (
        await call(base, 'POST', '/consumers/v2-g/instances/c1/offsets', {
          offsets: [{ topic: 'v2-json', partition: 0, offset: 0 }],
        })
      ).status,
      200,
    );
    const lags = await call(base, 'GET', `/v3/clusters/${cluster}/consumer-groups/v2-g/lags`);
    assert.deepEqual(
      lags.body.data.map((l: { current_offset: number; lag: number }) => [l.current_offset, l.lag]),
      [[1, 1]],
    );
    assert.equal((await call(base, 'DELETE', '/consumers/v2-g/instances/c1')).status, 204);
    const gone = await call(base, 'GET', '/consumers/v2-g/instances/c1/records');
    assert.deepEqual([gone.status, gone.body.error_code], [404, 40403]);
  });

  it('binary records: base64 in and out, one record per answer when max_bytes holds one, none lost', async () => {
    const values = ['AQID', 'BAUG', 'BwgJ'];
    const p = await call(
      base,
      'POST',
      '/topics/v2-bin',
      { records: values.map((value) => ({ value })) },
      'application/vnd.kafka.binary.v2+json',
    );
    assert.deepEqual(
      p.body.offsets.map((o: { offset: number }) => o.offset),
      [0, 1, 2],
    );
    const bad = await call(
      base,
      'POST',
      '/topics/v2-bin',
      { records: [{ value: '%%' }] },
      'application/vnd.kafka.binary.v2+json',
    );
    assert.equal(bad.status, 422);
    const missing = await call(
      base,
      'POST',
      '/topics/none',
      { records: [{ value: 'AQ==' }] },
      'application/vnd.kafka.binary.v2+json',
    );
    assert.deepEqual([missing.status, missing.body.error_code], [404, 40401]);
    await call(base, 'POST', '/consumers/v2-b', { name: 'b1', 'auto.offset.reset': 'earliest' });
    await call(base, 'POST', '/consumers/v2-b/instances/b1/subscription', { topics: ['v2-bin'] });
    const got: Array<Record<string, unknown>> = [];
    const deadline = Date.now() + 60_000;
    while (got.length < 3 && Date.now() < deadline) {
      const r = await call(
        base,
        'GET',
        '/consumers/v2-b/instances/b1/records?timeout=1000&max_bytes=3',
        undefined,
        V2,
        'application/vnd.kafka.binary.v2+json',
      );
      assert.ok(r.body.length <= 1, `max_bytes=3 holds one record, got ${r.body.length}`);
      got.push(...r.body);
    }
    assert.deepEqual(
      got.map((r) => [r.offset, r.value]),
      values.map((v, i) => [i, v]),
    );
    await call(base, 'DELETE', '/consumers/v2-b/instances/b1');
  });
});
