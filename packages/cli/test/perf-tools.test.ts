/**
 * producer-perf-test and consumer-perf-test against an in-process broker: their lines parse as
 * Kafka's tools print them (interval lines, the total with percentiles, the consumer's CSV header
 * and rows, --show-detailed-stats), --num-records lands exactly that many records in the topic,
 * --throughput holds the reported rate down, --print-metrics prints the clients' metrics, and bad
 * flags exit 1 with a message naming the flag.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { Admin, silentLogger } from '@samsa/client';
import { samsa } from './support/cli.js';

const WINDOW =
  /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency\.$/;
const TOTAL =
  /^(\d+) records sent, (\d+\.\d{6}) records\/sec \((\d+\.\d\d) MB\/sec\), (\d+\.\d\d) ms avg latency, (\d+\.\d\d) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.$/;
const HEADER =
  'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';
const DETAILED_HEADER =
  'time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';
const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}$/;
const METRIC = /^([a-z-]+):([a-z0-9-]+):\{client-id=([^}]+)\} +: (-?\d+\.\d{3})$/;

/** The `name : value` lines of a --print-metrics table (after its blank line and header). */
function metricsOf(lines: string[]): Map<string, number> {
  const at = lines.findIndex((l) => /^Metric Name +Value$/.test(l));
  assert.ok(at > 0, `no metrics header in:\n${lines.join('\n')}`);
  assert.equal(lines[at - 1], '');
  const out = new Map<string, number>();
  for (const line of lines.slice(at + 1)) {
    const m = METRIC.exec(line);
    assert.ok(m, `not a metric line: ${line}`);
    out.set(`${m[1]}:${m[2]}`, Number(m[4]));
  }
  return out;
}

describe('perf tools', () => {
  let broker: Broker;
  let admin: Admin;
  let bs: string[];
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-perf-test-'));
    broker = await startBroker({ logDirs: join(dir, 'logs') });
    admin = new Admin({ bootstrapServers: broker.bootstrapServers, logger: silentLogger });
    bs = ['--bootstrap-server', broker.bootstrapServers];
  });
  after(async () => {
    await admin.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function recordsIn(topic: string, partitions: number): Promise<bigint> {
    const ends = await admin.listOffsets(
      Array.from({ length: partitions }, (_, partition) => ({ topic, partition, spec: 'latest' as const })),
    );
    return ends.reduce((n, e) => n + e.offset, 0n);
  }

  it('producer-perf-test writes exactly --num-records and prints interval lines, the total and the metrics', async () => {
    await admin.createTopics([{ name: 'exact', numPartitions: 3 }]);
    // An odd count that no batch or run size divides, and an interval short enough for several lines.
    const r = await samsa(
      [
        'producer-perf-test',
        ...bs,
        '--topic',
        'exact',
        '--num-records',
        '7777',
        '--record-size',
        '200',
        '--throughput',
        '-1',
        '--reporting-interval',
        '1',
        '--print-metrics',
        '--producer-props',
        'batch.size=4096',
      ],
      { timeoutMs: 60_000 },
    );
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const totalAt = lines.findIndex((l) => TOTAL.test(l));
    assert.ok(totalAt >= 0, r.stdout);
    let windowed = 0;
    for (const line of lines.slice(0, totalAt)) {
      const m = WINDOW.exec(line);
      assert.ok(m, `not an interval line: ${line}`);
      windowed += Number(m[1]);
    }
    // Acknowledgements keep coming for hundreds of milliseconds: some arrive a reporting interval apart.
    assert.ok(windowed > 0 && windowed <= 7777, r.stdout);
    const t = TOTAL.exec(lines[totalAt] as string) as RegExpExecArray;
    assert.equal(t[1], '7777');
    const [p50, p95, p99, p999] = [t[6], t[7], t[8], t[9]].map(Number) as [number, number, number, number];
    assert.ok(p50 <= p95 && p95 <= p99 && p99 <= p999 && p999 <= Number(t[5]), lines[totalAt]);
    const metrics = metricsOf(lines.slice(totalAt + 1));
    assert.equal(metrics.get('producer-metrics:record-send-total'), 7777);
    assert.equal(metrics.get('producer-metrics:record-error-total'), 0);
    assert.ok((metrics.get('producer-metrics:batch-size-avg') ?? 0) > 200);
    assert.ok((metrics.get('producer-metrics:request-total') ?? 0) > 0);
    assert.match(r.stdout, /:\{client-id=perf-producer-client\} +: /);
    assert.equal(await recordsIn('exact', 3), 7777n);
  });

  it('producer-perf-test sends payloads of --payload-file, exactly --num-records of them', async () => {
    const file = join(dir, 'payloads.txt');
    writeFileSync(file, 'alpha|beta|gamma|');
    const r = await samsa([
      'producer-perf-test',
      ...bs,
      '--topic',
      'payloads',
      '--num-records',
      '333',
      '--payload-file',
      file,
      '--payload-delimiter',
      '|',
      '--throughput',
      '-1',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^333 records sent, /m);
    assert.equal(await recordsIn('payloads', 1), 333n);
  });

  it('producer-perf-test --throughput holds the reported rate near the limit', async () => {
    const r = await samsa(
      ['producer-perf-test', ...bs, '--topic', 'paced', '--num-records', '600', '--record-size', '10'].concat([
        '--throughput',
        '400',
        '--output',
        'json',
      ]),
      { timeoutMs: 30_000 },
    );
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { records: number; recordsPerSec: number };
    assert.equal(json.records, 600);
    // No timing bound from below (a busy machine may be slower); the limit bounds it from above.
    assert.ok(json.recordsPerSec <= 400 * 1.5, `reported ${json.recordsPerSec} records/s at --throughput 400`);
  });

  it('consumer-perf-test reads --messages records and prints the header and row, detailed stats and metrics', async () => {
    await admin.createTopics([{ name: 'readback', numPartitions: 2 }]);
    let r = await samsa(
      ['producer-perf-test', ...bs, '--topic', 'readback', '--num-records', '5000', '--record-size', '100'].concat([
        '--throughput',
        '-1',
      ]),
    );
    assert.equal(r.status, 0, r.stderr);

    r = await samsa(['consumer-perf-test', ...bs, '--topic', 'readback', '--messages', '4000', '--print-metrics']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], HEADER);
    const cols = (lines[1] as string).split(', ');
    assert.equal(cols.length, 10);
    assert.match(cols[0] as string, STAMP);
    assert.match(cols[1] as string, STAMP);
    // A fetch may bring more than asked for; the tool counts what it consumed, up to --messages.
    assert.equal(cols[4], '4000');
    assert.equal(cols[2], ((4000 * 100) / 1048576).toFixed(4));
    for (const c of [cols[3], cols[5], cols[8], cols[9]]) assert.match(c as string, /^\d+\.\d{4}$/);
    assert.equal(cols[6], '0', 'assigned partitions: no rebalance');
    const metrics = metricsOf(lines.slice(2));
    assert.equal(metrics.get('consumer-fetch-manager-metrics:records-consumed-total'), 4000);
    assert.ok((metrics.get('consumer-fetch-manager-metrics:fetch-total') ?? 0) >= 1);

    r = await samsa(
      ['consumer-perf-test', ...bs, '--topic', 'readback', '--messages', '5000', '--group', 'perf-g'].concat([
        '--show-detailed-stats',
        '--reporting-interval',
        '1',
        '--fetch-size',
        '20000',
      ]),
    );
    assert.equal(r.status, 0, r.stderr);
    const detailed = r.stdout.trimEnd().split('\n');
    assert.equal(detailed[0], DETAILED_HEADER);
    let last = 0;
    for (const line of detailed.slice(1)) {
      const c = line.split(', ');
      assert.equal(c.length, 10, line);
      assert.match(c[0] as string, STAMP);
      assert.equal(c[1], '0');
      // data.consumed.in.nMsg is the running total.
      assert.ok(Number(c[4]) >= last && Number(c[4]) <= 5000, line);
      last = Number(c[4]);
    }
  });

  it("consumer-perf-test exits non-zero with Kafka's warning when the topic holds fewer records", async () => {
    await admin.createTopics([{ name: 'short', numPartitions: 1 }]);
    await samsa(
      ['producer-perf-test', ...bs, '--topic', 'short', '--num-records', '10', '--record-size', '5'].concat([
        '--throughput',
        '-1',
      ]),
    );
    const r = await samsa(['consumer-perf-test', ...bs, '--topic', 'short', '--messages', '20', '--timeout', '500']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /WARNING: Exiting before consuming the expected number of messages: timeout \(500 ms\)/);
    const cols = (r.stdout.trimEnd().split('\n')[1] as string).split(', ');
    assert.equal(cols[4], '10');
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['producer-perf-test', '--num-recods', '5'], /unknown option '--num-recods'/],
    [
      '--throughput 0',
      ['producer-perf-test', '--topic', 't', '--num-records', '5', '--record-size', '1', '--throughput', '0'],
      /--throughput must be a positive rate, or -1/,
    ],
    [
      'both --record-size and --payload-file',
      ['producer-perf-test', '--topic', 't', '--num-records', '5', '--record-size', '1'].concat([
        '--payload-file',
        '/x',
        '--throughput',
        '-1',
      ]),
      /Exactly one of --record-size or --payload-file/,
    ],
    [
      'a non-numeric --num-records',
      ['producer-perf-test', '--num-records', 'many'],
      /--num-records must be an integer/,
    ],
    [
      'a malformed --producer-props',
      ['producer-perf-test', '--topic', 't', '--num-records', '5', '--record-size', '1', '--throughput', '-1'].concat([
        '--producer-props',
        'acks',
      ]),
      /--producer-props/,
    ],
    ['--messages 0', ['consumer-perf-test', '--topic', 't', '--messages', '0'], /--messages must be at least 1/],
    [
      '--reporting-interval 0',
      ['consumer-perf-test', '--topic', 't', '--messages', '5', '--reporting-interval', '0'],
      /--reporting-interval must be at least 1/,
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 1 with a message for ${what}`, async () => {
      const r = await samsa([...args.slice(0, 1), ...bs, ...args.slice(1)]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }
});
