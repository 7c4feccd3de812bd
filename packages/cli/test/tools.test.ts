/**
 * configs, get-offsets, delete-records, the perf tests and dump-log against an in-process broker
 * whose log directory the test owns (dump-log reads its segment files).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { samsa } from './support/cli.js';

describe('admin and diagnostic tools', () => {
  let broker: Broker;
  let bs: string[];
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-cli-test-'));
    broker = await startBroker({ logDirs: join(dir, 'logs') });
    bs = ['--bootstrap-server', broker.bootstrapServers];
    await samsa(['topics', ...bs, '--create', '--topic', 'events', '--partitions', '2']);
    await samsa(['console-producer', ...bs, '--topic', 'events', '--property', 'parse.key=true'], {
      input: 'a\tone\na\ttwo\na\tthree\nb\tfour\n',
    });
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('configs: adds and deletes topic configs, and shows only dynamic ones unless --all', async () => {
    let r = await samsa([
      'configs',
      ...bs,
      '--alter',
      '--entity-type',
      'topics',
      '--entity-name',
      'events',
      '--add-config',
      'retention.ms=86400000,max.message.bytes=2000000',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Completed updating config for topic events.\n');
    r = await samsa(['configs', ...bs, '--describe', '--entity-type', 'topics', '--entity-name', 'events']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Dynamic configs for topic events are:\n/);
    assert.match(
      r.stdout,
      /^ {2}retention\.ms=86400000 sensitive=false synonyms=\{DYNAMIC_TOPIC_CONFIG:retention\.ms=86400000/m,
    );
    assert.match(r.stdout, /^ {2}max\.message\.bytes=2000000 /m);
    r = await samsa(['configs', ...bs, '--alter', '--topic', 'events', '--delete-config', 'max.message.bytes']);
    assert.equal(r.status, 0, r.stderr);
    r = await samsa(['configs', ...bs, '--describe', '--topic', 'events', '--output', 'json']);
    const names = JSON.parse(r.stdout)[0].configs.map((c: { name: string }) => c.name);
    assert.deepEqual(names, ['retention.ms']);
    r = await samsa(['configs', ...bs, '--describe', '--topic', 'events', '--all']);
    assert.match(r.stdout, /^All configs for topic events are:/);
    assert.match(r.stdout, /segment\.bytes=/);
  });

  it('configs: sets a cluster-wide broker default with --entity-default', async () => {
    let r = await samsa([
      'configs',
      ...bs,
      '--alter',
      '--entity-type',
      'brokers',
      '--entity-default',
      '--add-config',
      'log.retention.ms=604800000',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Completed updating default config for brokers in the cluster.\n');
    r = await samsa(['configs', ...bs, '--describe', '--entity-type', 'brokers', '--entity-default']);
    assert.match(r.stdout, /Default configs for brokers in the cluster are:\n {2}log\.retention\.ms=604800000 /);
  });

  it('get-offsets prints topic:partition:offset for --time -1 and -2', async () => {
    let r = await samsa(['get-offsets', ...bs, '--topic', 'events']);
    assert.equal(r.status, 0, r.stderr);
    const latest = r.stdout.trimEnd().split('\n');
    assert.equal(latest.length, 2);
    assert.equal(
      latest.reduce((sum, l) => sum + Number(l.split(':')[2]), 0),
      4,
    );
    r = await samsa(['get-offsets', ...bs, '--topic', 'events', '--time', '-2']);
    assert.equal(r.stdout, 'events:0:0\nevents:1:0\n');
  });

  it("delete-records reads Kafka's offset JSON and moves the low watermark", async () => {
    const offsets = await samsa(['get-offsets', ...bs, '--topic', 'events', '--output', 'json']);
    const busy = JSON.parse(offsets.stdout).find((o: { offset: number }) => o.offset >= 3);
    const file = join(dir, 'delete.json');
    writeFileSync(
      file,
      JSON.stringify({ partitions: [{ topic: 'events', partition: busy.partition, offset: 2 }], version: 1 }),
    );
    let r = await samsa(['delete-records', ...bs, '--offset-json-file', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      `Executing records delete operation\nRecords delete operation completed:\npartition: events-${busy.partition}\tlow_watermark: 2\n`,
    );
    r = await samsa([
      'get-offsets',
      ...bs,
      '--topic',
      'events',
      '--partitions',
      String(busy.partition),
      '--time',
      'earliest',
    ]);
    assert.equal(r.stdout, `events:${busy.partition}:2\n`);
  });

  it('dump-log prints batches and, with --print-data-log, keys and payloads', async () => {
    const file = join(dir, 'logs', 'events-0', '00000000000000000000.log');
    const other = join(dir, 'logs', 'events-1', '00000000000000000000.log');
    const r = await samsa(['dump-log', '--files', `${file},${other}`, '--print-data-log']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Dumping .*events-0\/00000000000000000000\.log\nLog starting offset: 0\n/);
    assert.match(
      r.stdout,
      /^baseOffset: 0 lastOffset: \d+ count: \d+ .* position: 0 CreateTime: \d+ size: \d+ magic: 2 compresscodec: none crc: \d+ isvalid: true$/m,
    );
    assert.match(
      r.stdout,
      /^\| offset: 0 CreateTime: \d+ keySize: 1 valueSize: \d+ sequence: -?\d+ headerKeys: \[\] key: [ab] payload: (one|four)$/m,
    );
    const payloads = [...r.stdout.matchAll(/payload: (\w+)$/gm)].map((m) => m[1]).sort();
    assert.deepEqual(payloads, ['four', 'one', 'three', 'two']);
    const shallow = await samsa(['dump-log', '--files', file]);
    assert.doesNotMatch(shallow.stdout, /^\| offset/m);
  });

  it("producer-perf-test prints Kafka's summary line; consumer-perf-test reads the records back", async () => {
    let r = await samsa([
      'producer-perf-test',
      '--topic',
      'perf',
      '--num-records',
      '2000',
      '--record-size',
      '100',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${broker.bootstrapServers}`,
      'acks=1',
      'linger.ms=2',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^2000 records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.\n$/,
    );
    r = await samsa(['consumer-perf-test', ...bs, '--topic', 'perf', '--messages', '2000', '--timeout', '5000']);
    assert.equal(r.status, 0, r.stderr);
    const [header, row] = r.stdout.trimEnd().split('\n');
    assert.equal(
      header,
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
    );
    const cols = (row as string).split(', ');
    assert.equal(cols.length, 10);
    assert.equal(cols[4], '2000');
    assert.equal(cols[2], (200000 / 1048576).toFixed(4));
  });
});
