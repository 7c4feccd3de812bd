/** `samsa topics` against an in-process broker: Kafka's messages and describe format, JSON, exit codes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { samsa } from './support/cli.js';

describe('samsa topics', () => {
  let broker: TestBroker;
  let bs: string[];
  before(async () => {
    broker = await startTestBroker();
    bs = ['--bootstrap-server', broker.bootstrap];
  });
  after(() => broker.stop());

  it('creates, lists, describes, alters and deletes a topic as kafka-topics.sh does', async () => {
    let r = await samsa([
      'topics',
      ...bs,
      '--create',
      '--topic',
      'orders',
      '--partitions',
      '3',
      '--replication-factor',
      '1',
      '--config',
      'retention.ms=60000',
      '--config',
      'cleanup.policy=delete',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Created topic orders.\n');

    r = await samsa(['topics', ...bs, '--list']);
    assert.equal(r.status, 0);
    assert.ok(r.stdout.split('\n').includes('orders'), r.stdout);

    r = await samsa(['topics', ...bs, '--describe', '--topic', 'orders']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(
      lines[0] as string,
      /^Topic: orders\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: /,
    );
    assert.match(lines[0] as string, /retention\.ms=60000/);
    assert.match(lines[0] as string, /cleanup\.policy=delete/);
    assert.deepEqual(lines.slice(1), [
      '\tTopic: orders\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0',
      '\tTopic: orders\tPartition: 1\tLeader: 0\tReplicas: 0\tIsr: 0',
      '\tTopic: orders\tPartition: 2\tLeader: 0\tReplicas: 0\tIsr: 0',
    ]);

    r = await samsa(['topics', ...bs, '--alter', '--topic', 'orders', '--partitions', '5']);
    assert.equal(r.status, 0, r.stderr);
    r = await samsa(['topics', ...bs, '--describe', '--topic', 'orders', '--output', 'json']);
    const [json] = JSON.parse(r.stdout);
    assert.equal(json.topic, 'orders');
    assert.equal(json.partitionCount, 5);
    assert.equal(json.configs['retention.ms'], '60000');

    r = await samsa(['topics', ...bs, '--delete', '--topic', 'orders']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Deleted topic orders.\n');
    r = await samsa(['topics', ...bs, '--list', '--output', 'json']);
    assert.ok(!JSON.parse(r.stdout).includes('orders'));
  });

  it('exits 2 when the topic exists, 0 with --if-not-exists; the same for --delete and --if-exists', async () => {
    assert.equal((await samsa(['topics', ...bs, '--create', '--topic', 'dup'])).status, 0);
    let r = await samsa(['topics', ...bs, '--create', '--topic', 'dup']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /TOPIC_ALREADY_EXISTS/);
    r = await samsa(['topics', ...bs, '--create', '--topic', 'dup', '--if-not-exists']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    r = await samsa(['topics', ...bs, '--delete', '--topic', 'missing']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Topic 'missing' does not exist/);
    r = await samsa(['topics', ...bs, '--delete', '--topic', 'missing', '--if-exists']);
    assert.equal(r.status, 0);
  });

  it('filters describe to under-replicated and unavailable partitions (none on a healthy single node)', async () => {
    await samsa(['topics', ...bs, '--create', '--topic', 'healthy', '--partitions', '2']);
    for (const flag of ['--under-replicated-partitions', '--unavailable-partitions']) {
      const r = await samsa(['topics', ...bs, '--describe', '--topic', 'healthy', flag]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '');
    }
  });

  it('treats --topic as a regular expression for --list and --describe', async () => {
    await samsa(['topics', ...bs, '--create', '--topic', 'logs.a']);
    await samsa(['topics', ...bs, '--create', '--topic', 'logs.b']);
    const r = await samsa(['topics', ...bs, '--list', '--topic', 'logs\\..*']);
    assert.equal(r.stdout, 'logs.a\nlogs.b\n');
  });
});
