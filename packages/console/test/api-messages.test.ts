/**
 * The message browser API over HTTP: produce through the console, then page from newest, oldest,
 * an offset and a timestamp, forward and back without gaps or repeats, filter on key, value and
 * header text, render as JSON and hex, and receive new records over the live tail (SSE).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from './support/console-harness.js';

interface Rec {
  partition: number;
  offset: number;
  timestamp: number;
  key: { text: string; encoding: string } | null;
  value: { text: string; encoding: string } | null;
  headers: Array<{ key: string; value: { text: string } | null }>;
}

describe('console API: messages', () => {
  let h: Harness;
  let beforeSecondHalf = 0;
  before(async () => {
    h = await startHarness();
    assert.equal((await h.send('POST', '/api/topics', { name: 'events', partitions: 3 })).status, 201);
    // 20 records on each partition, the second half produced after a known instant.
    for (let i = 0; i < 60; i++) {
      if (i === 30) {
        await new Promise((r) => setTimeout(r, 20));
        beforeSecondHalf = Date.now();
        await new Promise((r) => setTimeout(r, 20));
      }
      const r = await h.send('POST', '/api/topics/events/records', {
        key: `key-${i}`,
        value: JSON.stringify({ n: i, kind: i % 10 === 7 ? 'rare' : 'common' }),
        headers: [{ key: 'source', value: i === 42 ? 'needle-header' : 'test' }],
        partition: i % 3,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  });
  after(() => h.stop());

  const page = async (query: string) => {
    const r = await h.get(`/api/topics/events/messages?${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { records: Rec[]; next: string | null; prev: string | null };
  };
  const offsets = (rs: Rec[]) => rs.map((r) => r.offset);

  it('pages one partition from the newest backward and forward again without gaps or repeats', async () => {
    const newest = await page('partition=1&start=newest&limit=8');
    assert.deepEqual(offsets(newest.records), [12, 13, 14, 15, 16, 17, 18, 19]);
    assert.equal(newest.next, null, 'nothing newer than the end');
    assert.ok(newest.prev);
    const older = await page(`partition=1&limit=8&cursor=${newest.prev}`);
    assert.deepEqual(offsets(older.records), [4, 5, 6, 7, 8, 9, 10, 11]);
    const oldest = await page(`partition=1&limit=8&cursor=${older.prev}`);
    assert.deepEqual(offsets(oldest.records), [0, 1, 2, 3]);
    assert.equal(oldest.prev, null, 'nothing older than the log start');
    const forward = await page(`partition=1&limit=8&cursor=${oldest.next}`);
    assert.deepEqual(offsets(forward.records), [4, 5, 6, 7, 8, 9, 10, 11]);
    assert.deepEqual(
      newest.records.map((r) => r.key?.text),
      [37, 40, 43, 46, 49, 52, 55, 58].map((i) => `key-${i}`),
    );
  });

  it('starts at an offset or a timestamp, over all partitions', async () => {
    const fromOffset = await page('partition=2&start=offset&offset=15&limit=50');
    assert.deepEqual(offsets(fromOffset.records), [15, 16, 17, 18, 19]);
    const all = await page('start=oldest&limit=60');
    assert.equal(all.records.length, 60);
    assert.deepEqual(
      all.records.map((r) => JSON.parse(r.value?.text ?? '').n),
      Array.from({ length: 60 }, (_, i) => i),
      'all partitions merged in production (timestamp) order',
    );
    const fromTime = await page(`start=timestamp&timestamp=${beforeSecondHalf}&limit=60`);
    assert.deepEqual(
      fromTime.records.map((r) => JSON.parse(r.value?.text ?? '').n),
      Array.from({ length: 30 }, (_, i) => 30 + i),
    );
    const byDate = await page(`start=timestamp&timestamp=${new Date(beforeSecondHalf).toISOString()}&limit=1`);
    assert.equal(JSON.parse(byDate.records[0]?.value?.text ?? '').n, 30);
    // Paging forward over all partitions continues where the first page stopped.
    const first = await page('start=oldest&limit=25');
    const second = await page(`limit=25&cursor=${first.next}`);
    assert.deepEqual(
      [...first.records, ...second.records].map((r) => JSON.parse(r.value?.text ?? '').n),
      Array.from({ length: 50 }, (_, i) => i),
    );
  });

  it('filters on key, value and header text', async () => {
    const rare = await page('start=oldest&filter=RARE&filterIn=value&limit=50');
    assert.deepEqual(
      rare.records.map((r) => r.key?.text),
      ['key-7', 'key-17', 'key-27', 'key-37', 'key-47', 'key-57'],
    );
    const byKey = await page('start=newest&filter=key-42&filterIn=key');
    assert.deepEqual(
      byKey.records.map((r) => r.key?.text),
      ['key-42'],
    );
    const byHeader = await page('start=newest&filter=needle&filterIn=headers');
    assert.deepEqual(
      byHeader.records.map((r) => r.key?.text),
      ['key-42'],
    );
    assert.equal((await page('start=newest&filter=needle&filterIn=value')).records.length, 0);
    const newestRare = await page('start=newest&filter=rare&limit=2');
    assert.deepEqual(
      newestRare.records.map((r) => r.key?.text),
      ['key-47', 'key-57'],
    );
  });

  it('renders values as pretty JSON, text or hex', async () => {
    const [json] = (await page('partition=0&start=offset&offset=0&limit=1')).records;
    assert.equal(json?.value?.encoding, 'json');
    assert.equal(json?.value?.text, '{\n  "n": 0,\n  "kind": "common"\n}');
    const [text] = (await page('partition=0&start=offset&offset=0&limit=1&render=text')).records;
    assert.equal(text?.value?.text, '{"n":0,"kind":"common"}');
    const [hex] = (await page('partition=0&start=offset&offset=0&limit=1&render=hex')).records;
    assert.equal(hex?.key?.encoding, 'hex');
    assert.equal(hex?.key?.text, Buffer.from('key-0').toString('hex'));
    assert.equal((await h.get('/api/topics/events/messages?render=xml')).status, 400);
    assert.equal((await h.get('/api/topics/events/messages?cursor=garbage')).status, 400);
    assert.equal((await h.get('/api/topics/nope/messages')).status, 404);
  });

  it('streams new records to a live tail', async () => {
    const abort = new AbortController();
    const res = await fetch(`${h.url}/api/topics/events/tail?partition=2`, { signal: abort.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let buffered = '';
    const nextEvent = async (name: string): Promise<string> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const m = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`).exec(buffered);
        if (m) {
          buffered = buffered.slice(m.index + m[0].length);
          return m[1] as string;
        }
        if (Date.now() > deadline) throw new Error(`no ${name} event`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffered += Buffer.from(value).toString('utf8');
      }
    };
    try {
      await nextEvent('ready');
      const sent = await h.send('POST', '/api/topics/events/records', { key: 'live', value: 'tail me', partition: 2 });
      assert.equal(sent.status, 200);
      const rec = JSON.parse(await nextEvent('record')) as Rec;
      assert.equal(rec.offset, 20);
      assert.equal(rec.key?.text, 'live');
      assert.equal(rec.value?.text, 'tail me');
    } finally {
      abort.abort();
    }
  });
});
