/**
 * The console producer and consumer against an in-process broker: keys, headers and the
 * formatter properties; JSON output; --partition/--offset; a group whose offsets
 * `consumer-groups` then describes, resets and deletes; Ctrl-C (SIGINT) on a running consumer and
 * producer ends them with exit 0, the consumer printing Kafka's "Processed a total of N messages".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { samsa } from './support/cli.js';

describe('console producer and consumer', () => {
  let broker: TestBroker;
  let bs: string[];
  before(async () => {
    // No initial rebalance delay: the group test's consumer joins at once.
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0 } });
    bs = ['--bootstrap-server', broker.bootstrap];
    await samsa(['topics', ...bs, '--create', '--topic', 'lines', '--partitions', '1']);
  });
  after(() => broker.stop());

  it("produces lines with keys and headers (via --broker-list) and prints them with Kafka's properties", async () => {
    let r = await samsa(
      [
        'console-producer',
        '--broker-list',
        broker.bootstrap,
        '--topic',
        'lines',
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=:',
        '--property',
        'parse.headers=true',
        '--request-required-acks',
        '1',
        '--compression-codec',
        'gzip',
      ],
      { input: 'h1:x,h2:y\tk1:hello\n\tk2:world\n' },
    );
    assert.equal(r.status, 0, r.stderr);
    r = await samsa([
      'console-consumer',
      ...bs,
      '--topic',
      'lines',
      '--from-beginning',
      '--max-messages',
      '2',
      '--property',
      'print.key=true',
      '--property',
      'print.offset=true',
      '--property',
      'print.partition=true',
      '--property',
      'print.headers=true',
      '--property',
      'print.timestamp=true',
      '--property',
      'key.separator=|',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] as string, /^CreateTime:\d+\|Partition:0\|Offset:0\|h1:x,h2:y\|k1\|hello$/);
    assert.match(lines[1] as string, /^CreateTime:\d+\|Partition:0\|Offset:1\|NO_HEADERS\|k2\|world$/);
    assert.match(r.stderr, /Processed a total of 2 messages/);
  });

  it('prints JSON lines, reads one partition from an offset, and stops after --timeout-ms', async () => {
    const r = await samsa([
      'console-consumer',
      ...bs,
      '--topic',
      'lines',
      '--partition',
      '0',
      '--offset',
      '1',
      '--timeout-ms',
      '700',
      '--formatter',
      'json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const records = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(records.length, 1);
    assert.deepEqual(
      { offset: records[0].offset, key: records[0].key, value: records[0].value, headers: records[0].headers },
      { offset: 1, key: 'k2', value: 'world', headers: {} },
    );
  });

  it('consumes in a group; consumer-groups describes its lag, resets (dry run, then --execute) and deletes it', async () => {
    await samsa(['console-producer', ...bs, '--topic', 'lines'], { input: 'three\nfour\n' });
    let r = await samsa([
      'console-consumer',
      ...bs,
      '--topic',
      'lines',
      '--group',
      'readers',
      '--from-beginning',
      '--max-messages',
      '3',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.split('\n').length - 1, 3);

    r = await samsa(['consumer-groups', ...bs, '--list']);
    assert.ok(r.stdout.split('\n').includes('readers'), r.stdout);
    r = await samsa(['consumer-groups', ...bs, '--describe', '--group', 'readers']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Consumer group 'readers' has no active members\./);
    assert.match(
      r.stdout,
      /GROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID +HOST +CLIENT-ID/,
    );
    assert.match(r.stdout, /readers +lines +0 +3 +4 +1 +- +- +-/);
    r = await samsa(['consumer-groups', ...bs, '--describe', '--group', 'readers', '--state']);
    assert.match(r.stdout, /readers +127\.0\.0\.1:\d+ \(0\) +\S+ +Empty +0/);

    r = await samsa([
      'consumer-groups',
      ...bs,
      '--reset-offsets',
      '--group',
      'readers',
      '--topic',
      'lines',
      '--to-earliest',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /readers +lines +0 +0/);
    assert.match(r.stderr, /--execute option is missing/);
    r = await samsa(['consumer-groups', ...bs, '--describe', '--group', 'readers', '--output', 'json']);
    assert.equal(JSON.parse(r.stdout)[0].currentOffset, 3, 'a dry run changes nothing');

    r = await samsa([
      'consumer-groups',
      ...bs,
      '--reset-offsets',
      '--group',
      'readers',
      '--all-topics',
      '--shift-by',
      '-2',
      '--execute',
    ]);
    assert.equal(r.status, 0, r.stderr);
    r = await samsa(['consumer-groups', ...bs, '--describe', '--group', 'readers', '--output', 'json']);
    assert.deepEqual(
      (({ currentOffset, logEndOffset, lag }) => ({ currentOffset, logEndOffset, lag }))(JSON.parse(r.stdout)[0]),
      { currentOffset: 1, logEndOffset: 4, lag: 3 },
    );

    r = await samsa(['consumer-groups', ...bs, '--delete', '--group', 'readers']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Deletion of requested consumer groups \('readers'\) was successful\./);
    r = await samsa(['consumer-groups', ...bs, '--describe', '--group', 'readers']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Consumer group 'readers' does not exist\./);
  });

  it('a console consumer stopped by SIGINT exits 0 and prints how many messages it processed', async () => {
    await samsa(['topics', ...bs, '--create', '--topic', 'interrupted', '--partitions', '1']);
    let r = await samsa(['console-producer', ...bs, '--topic', 'interrupted'], { input: 'a\nb\nc\n' });
    assert.equal(r.status, 0, r.stderr);
    r = await samsa(['console-consumer', ...bs, '--topic', 'interrupted', '--from-beginning'], {
      interrupt: { signal: 'SIGINT', ready: (stdout) => stdout === 'a\nb\nc\n' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'a\nb\nc\n');
    assert.match(r.stderr, /Processed a total of 3 messages/);
  });

  it('a console producer stopped by SIGINT with stdin still open exits 0, its records sent', async () => {
    await samsa(['topics', ...bs, '--create', '--topic', 'interrupted-producer', '--partitions', '1']);
    const r = await samsa(['console-producer', ...bs, '--topic', 'interrupted-producer'], {
      input: 'x\ny\n',
      interrupt: {
        signal: 'SIGINT',
        ready: () => (broker.broker.logs.getLog('interrupted-producer', 0)?.logEndOffset ?? 0) === 2,
      },
    });
    assert.equal(r.status, 0, r.stderr);
  });
});
