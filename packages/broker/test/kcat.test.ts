/**
 * librdkafka (through kcat) against an in-process broker: produce and consume with every
 * compression codec, keyed records keep per-key order within their partition, and offsets are
 * dense and start at 0.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectSuccess, kcat } from '@samsa/test-kit';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

describe('kcat (librdkafka 2.0.2)', () => {
  let fx: TestBroker;
  before(async () => {
    fx = await startTestBroker();
  });
  after(async () => {
    await fx.stop();
  });

  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    it(`round-trips keyed records compressed with ${codec}`, async () => {
      const topic = `kcat-${codec}`;
      const lines = Array.from({ length: 200 }, (_, i) => `key${i % 7}:value-${i}-${'x'.repeat(i % 50)}`);
      expectSuccess(
        await kcat(['-P', '-b', fx.bootstrap, '-t', topic, '-K:', '-z', codec, '-X', 'linger.ms=5'], {
          input: `${lines.join('\n')}\n`,
        }),
        'kcat produce',
      );
      const out = expectSuccess(
        await kcat(['-C', '-b', fx.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-f', '%k:%s|%o\\n']),
        'kcat consume',
      ).stdout;
      const got = out.trim().split('\n');
      assert.equal(got.length, lines.length);
      got.forEach((line, i) => {
        const [record, offset] = line.split('|');
        assert.equal(record, lines[i]);
        assert.equal(Number(offset), i, 'offsets are dense from 0');
      });
    });
  }

  it('keeps per-key order across partitions', async () => {
    const topic = 'kcat-keyed';
    await fx.broker.topics.create(
      { name: topic, numPartitions: 4, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    const lines = Array.from({ length: 400 }, (_, i) => `k${i % 13}:${i}`);
    expectSuccess(
      await kcat(['-P', '-b', fx.bootstrap, '-t', topic, '-K:', '-X', 'partitioner=murmur2_random'], {
        input: `${lines.join('\n')}\n`,
      }),
      'kcat produce',
    );
    const out = expectSuccess(
      await kcat(['-C', '-b', fx.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-f', '%k %s %p %o\\n']),
      'kcat consume',
    ).stdout;
    const byKey = new Map<string, { partition: string; values: number[] }>();
    const seenOffsets = new Map<string, number>();
    for (const line of out.trim().split('\n')) {
      const [k, v, p, o] = line.split(' ') as [string, string, string, string];
      const entry = byKey.get(k) ?? { partition: p, values: [] };
      assert.equal(entry.partition, p, `key ${k} stays in one partition`);
      entry.values.push(Number(v));
      byKey.set(k, entry);
      const last = seenOffsets.get(p) ?? -1;
      assert.ok(Number(o) > last, 'offsets increase within a partition');
      seenOffsets.set(p, Number(o));
    }
    assert.equal(byKey.size, 13);
    assert.ok(new Set([...byKey.values()].map((e) => e.partition)).size > 1, 'keys spread over partitions');
    for (const [k, e] of byKey) {
      assert.deepEqual(
        e.values,
        [...e.values].sort((a, b) => a - b),
        `order of key ${k}`,
      );
      assert.equal(e.values.length, lines.filter((l) => l.startsWith(`${k}:`)).length);
    }
  });

  it('reports an unknown topic when auto-creation is off', async () => {
    const strict = await startTestBroker({ config: { 'auto.create.topics.enable': 'false' } });
    try {
      const r = await kcat(['-L', '-b', strict.bootstrap, '-t', 'missing-topic', '-J'], { timeoutMs: 20_000 });
      expectSuccess(r, 'kcat -L');
      const meta = JSON.parse(r.stdout) as { topics: Array<{ topic: string; error?: string }> };
      assert.equal(meta.topics[0]?.topic, 'missing-topic');
      assert.match(String(meta.topics[0]?.error), /Unknown topic or partition/i);
    } finally {
      await strict.stop();
    }
  });
});
