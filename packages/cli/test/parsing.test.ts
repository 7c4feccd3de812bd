/** The pure parsers behind the flags: no processes, no broker. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Logger, silentLogger } from '@samsa/common';
import { consumerConfig, producerConfig } from '../src/cli/client-config.js';
import { UsageError } from '../src/cli/errors.js';
import { keyValues, splitConfigList } from '../src/cli/options.js';
import { formatRecord } from '../src/commands/console-consumer.js';
import { parseLine } from '../src/commands/console-producer.js';
import { parseOffsetJson } from '../src/commands/delete-records.js';
import { parseDatetime, parseDuration } from '../src/commands/reset-offsets.js';

const reader = {
  parseKey: true,
  keySeparator: '\t',
  parseHeaders: false,
  headersDelimiter: '\t',
  headersSeparator: ',',
  headersKeySeparator: ':',
  nullMarker: undefined as string | undefined,
  ignoreError: false,
};

describe('flag parsing', () => {
  it("splits kafka-configs' --add-config lists, keeping bracketed lists whole", () => {
    assert.deepEqual(splitConfigList('a=1,b=[x,y],c=2'), ['a=1', 'b=x,y', 'c=2']);
    assert.deepEqual(keyValues(['a=1,b=[x,y]'], '--add-config', true), { a: '1', b: 'x,y' });
    assert.throws(() => keyValues(['novalue'], '--config'), /--config expects key=value/);
  });

  it('parses console-producer lines as LineMessageReader does', () => {
    assert.deepEqual(parseLine('k\tv\tw', reader), { key: 'k', value: 'v\tw', headers: undefined });
    assert.match(parseLine('novalue', reader) as string, /no key separator/);
    assert.deepEqual(parseLine('novalue', { ...reader, ignoreError: true }), { value: 'novalue', headers: undefined });
    assert.deepEqual(parseLine('h:1,g\tk\tNULL', { ...reader, parseHeaders: true, nullMarker: 'NULL' }), {
      key: 'k',
      value: null,
      headers: [
        { key: 'h', value: '1' },
        { key: 'g', value: null },
      ],
    });
  });

  it("formats records as Kafka's DefaultMessageFormatter", () => {
    const r = {
      topic: 't',
      partition: 2,
      offset: 7n,
      timestamp: 1000,
      key: null,
      value: Buffer.from('v'),
      headers: [{ key: 'h', value: Buffer.from('x') }],
    };
    const f = {
      json: false,
      printKey: true,
      printValue: true,
      printPartition: true,
      printOffset: true,
      printTimestamp: true,
      printHeaders: true,
      keySeparator: '\t',
      lineSeparator: '\n',
      headersSeparator: ',',
      nullLiteral: 'null',
    };
    assert.equal(formatRecord(r, f), 'CreateTime:1000\tPartition:2\tOffset:7\th:x\tnull\tv\n');
    assert.deepEqual(JSON.parse(formatRecord(r, { ...f, json: true })), {
      topic: 't',
      partition: 2,
      offset: 7,
      timestamp: 1000,
      headers: { h: 'x' },
      key: null,
      value: 'v',
    });
  });

  it('parses --by-duration and --to-datetime as Kafka does', () => {
    assert.equal(parseDuration('PT15M'), 15 * 60_000);
    assert.equal(parseDuration('P1DT2H3M4.5S'), ((26 * 60 + 3) * 60 + 4.5) * 1000);
    assert.throws(() => parseDuration('15m'), /PnDTnHnMnS/);
    assert.equal(parseDatetime('2024-01-02T03:04:05.000'), Date.UTC(2024, 0, 2, 3, 4, 5));
    assert.equal(parseDatetime('2024-01-02T03:04:05.000+01:00'), Date.UTC(2024, 0, 2, 2, 4, 5));
    assert.throws(() => parseDatetime('yesterday'), /--to-datetime/);
  });

  it("reads kafka-delete-records' offset JSON and rejects malformed files", () => {
    assert.deepEqual(parseOffsetJson('{"partitions":[{"topic":"t","partition":1,"offset":5}],"version":1}', 'f'), [
      { topic: 't', partition: 1, offset: 5n },
    ]);
    assert.throws(() => parseOffsetJson('{"partitions":[]}', 'f'), /non-empty "partitions"/);
    assert.throws(
      () => parseOffsetJson('{"partitions":[{"topic":"t"}]}', 'f'),
      /needs "topic", "partition" and "offset"/,
    );
    assert.throws(() => parseOffsetJson('[', 'f'), /not JSON/);
  });
});

describe('client properties (--command-config, --producer-property, --consumer-property)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-cli-props-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const quiet: Logger = silentLogger;

  it("types each value by the client's config table and warns about keys that client does not know", () => {
    const file = join(dir, 'client.properties');
    writeFileSync(file, 'linger.ms=20\nacks=1\nenable.idempotence=false\ngroup.id=g\nkey.serializer=org.Foo\n');
    const warnings: string[] = [];
    const c = producerConfig(
      { bootstrapServer: 'h:1', commandConfig: file },
      { 'compression.type': 'lz4' },
      quiet,
      (w) => warnings.push(w),
    );
    assert.equal(c.lingerMs, 20);
    assert.equal(c.acks, 1);
    assert.equal(c.enableIdempotence, false);
    assert.equal(c.compressionType, 'lz4');
    // group.id is a consumer config: a producer warns, as Kafka's tools do; serializers are Java-only.
    assert.deepEqual(warnings, ["The configuration 'group.id' was supplied but isn't a known config."]);
    const consumer = consumerConfig(
      { bootstrapServer: 'h:1' },
      { 'group.id': 'g', 'partition.assignment.strategy': 'org.apache.kafka.clients.consumer.RoundRobinAssignor' },
      quiet,
      () => {},
    );
    assert.equal(consumer.groupId, 'g');
    assert.deepEqual(consumer.partitionAssignmentStrategy, ['roundrobin']);
  });

  it('refuses a bad value as a usage error naming key and value', () => {
    assert.throws(
      () => producerConfig({ bootstrapServer: 'h:1' }, { 'linger.ms': 'soon' }, quiet, () => {}),
      (e: unknown) =>
        e instanceof UsageError &&
        e.message === 'Invalid value soon for configuration linger.ms: Not a number of type LONG',
    );
    assert.throws(
      () => consumerConfig({ bootstrapServer: 'h:1' }, { 'auto.offset.reset': 'oldest' }, quiet, () => {}),
      (e: unknown) =>
        e instanceof UsageError && /auto\.offset\.reset: String must be one of: earliest, latest, none/.test(e.message),
    );
  });
});
