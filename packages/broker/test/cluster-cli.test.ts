/**
 * Kafka's cluster tools against a three-broker cluster: `samsa reassign-partitions` (generate,
 * execute, verify, list, cancel) and `samsa leader-election`, run as a user would, with Kafka's JSON
 * files and messages.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apis } from '@samsa/protocol';
import { run } from '@samsa/test-kit';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { ZkClient } from '../src/zk/zk-client.js';
import { SAMSA_BIN } from './support/broker-process.js';
import { RawClient } from './support/raw-client.js';
import { waitFor } from './support/wait.js';

describe('cluster command-line tools', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;
  let dir: string;
  let bs: string[];
  const samsa = (args: string[]) => run(process.execPath, [SAMSA_BIN, ...args], { timeoutMs: 60_000 });

  before(async () => {
    cluster = await startTestCluster({ brokers: 3, config: { 'auto.leader.rebalance.enable': 'false' } });
    dir = mkdtempSync(join(tmpdir(), 'samsa-cluster-cli-'));
    bs = ['--bootstrap-server', cluster.liveBootstrap];
    const r = await samsa([
      'topics',
      ...bs,
      '--create',
      '--topic',
      'cli',
      '--partitions',
      '2',
      '--replication-factor',
      '2',
    ]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('generates, executes and verifies a reassignment with Kafka JSON files', async () => {
    const topics = join(dir, 'topics.json');
    writeFileSync(topics, JSON.stringify({ topics: [{ topic: 'cli' }], version: 1 }));
    const gen = await samsa([
      'reassign-partitions',
      ...bs,
      '--generate',
      '--topics-to-move-json-file',
      topics,
      '--broker-list',
      '2,3',
    ]);
    assert.equal(gen.code, 0, gen.stderr);
    const proposed = JSON.parse(gen.stdout.split('Proposed partition reassignment configuration\n')[1] as string);
    assert.deepEqual(
      proposed.partitions.map((p: { replicas: number[] }) => [...p.replicas].sort()),
      [
        [2, 3],
        [2, 3],
      ],
    );
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify(proposed));
    const exec = await samsa(['reassign-partitions', ...bs, '--execute', '--reassignment-json-file', plan]);
    assert.equal(exec.code, 0, exec.stderr);
    assert.match(exec.stdout, /^Current partition replica assignment\n\n\{"version":1,"partitions":\[/);
    assert.match(exec.stdout, /Successfully started partition reassignments for cli-0,cli-1/);
    await waitFor('the reassignment to complete', async () => {
      const v = await samsa(['reassign-partitions', ...bs, '--verify', '--reassignment-json-file', plan]);
      return (
        v.code === 0 &&
        /Reassignment of partition cli-0 is completed\.\nReassignment of partition cli-1 is completed\./.test(v.stdout)
      );
    });
    const list = await samsa(['reassign-partitions', ...bs, '--list']);
    assert.equal(list.stdout, 'No partition reassignments found.\n');
    const cancel = await samsa(['reassign-partitions', ...bs, '--cancel', '--reassignment-json-file', plan]);
    assert.equal(cancel.code, 2);
    assert.match(cancel.stderr, /cli-0/);
  });

  it('rejects bad reassignment files and flags with a message naming the problem', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, partitions: [{ topic: 'cli', partition: 0 }] }));
    const r = await samsa(['reassign-partitions', ...bs, '--execute', '--reassignment-json-file', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /partitions\[0\] needs "topic", "partition" and a non-empty "replicas" list/);
    const none = await samsa(['reassign-partitions', ...bs]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /exactly one action/);
  });

  it('describes and alters quotas set through another broker at once, as Kafka reads ZooKeeper for client quotas', async () => {
    const [b1, b2] = [...cluster.brokers.values()];
    const alter = await RawClient.open(b1?.port as number);
    const describe = await RawClient.open(b2?.port as number);
    try {
      // Each answer on broker 2 follows broker 1's acknowledgement at once: no time for its watch.
      for (let i = 0; i < 5; i++) {
        const entity = [{ entityType: 'client-id', entityName: `read-through-${i}` }];
        const altered = await alter.request(apis[49], 1, {
          entries: [{ entity, ops: [{ key: 'producer_byte_rate', value: 1000 + i, remove: false }] }],
          validateOnly: false,
        });
        assert.equal(altered.entries[0]?.errorCode, 0);
        const described = await describe.request(apis[48], 1, {
          components: [{ entityType: 'client-id', matchType: 0, match: `read-through-${i}` }],
          strict: true,
        });
        assert.deepEqual(
          described.entries?.map((e) => [e.entity[0]?.entityName, e.values]),
          [[`read-through-${i}`, [{ key: 'producer_byte_rate', value: 1000 + i }]]],
          `quota ${i} through broker 2`,
        );
      }
      // Another key of the same entity through broker 2, right after broker 1's: both are kept.
      for (let i = 0; i < 5; i++) {
        const entity = [{ entityType: 'client-id', entityName: `merged-${i}` }];
        for (const [c, key] of [
          [alter, 'producer_byte_rate'],
          [describe, 'consumer_byte_rate'],
        ] as const) {
          const r = await c.request(apis[49], 1, {
            entries: [{ entity, ops: [{ key, value: 1000 + i, remove: false }] }],
            validateOnly: false,
          });
          assert.equal(r.entries[0]?.errorCode, 0);
        }
        const both = await alter.request(apis[48], 1, {
          components: [{ entityType: 'client-id', matchType: 0, match: `merged-${i}` }],
          strict: true,
        });
        assert.deepEqual(
          both.entries?.[0]?.values.map((v) => v.key).sort(),
          ['consumer_byte_rate', 'producer_byte_rate'],
          `both quotas of merged-${i}`,
        );
      }
    } finally {
      alter.close();
      describe.close();
    }
  });

  it("reads a topic's configs through to ZooKeeper, as Kafka: another broker's change is described and kept at once", async () => {
    const [b1, b2] = [...cluster.brokers.values()];
    const one = await RawClient.open(b1?.port as number);
    const two = await RawClient.open(b2?.port as number);
    const set = (c: RawClient, name: string, value: string) =>
      c.request(apis[44], 1, {
        resources: [{ resourceType: 2, resourceName: 'cli', configs: [{ name, configOperation: 0, value }] }],
        validateOnly: false,
      });
    const describe = async (c: RawClient) => {
      const r = await c.request(apis[32], 1, {
        resources: [{ resourceType: 2, resourceName: 'cli', configurationKeys: ['retention.ms', 'segment.ms'] }],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      return Object.fromEntries((r.results[0]?.configs ?? []).map((e) => [e.name, e.value]));
    };
    try {
      for (let i = 1; i <= 5; i++) {
        // Broker 2 answers right after broker 1's acknowledgement: no time for its watch.
        assert.equal((await set(one, 'retention.ms', String(3_600_000 * i))).responses[0]?.errorCode, 0);
        assert.equal(
          (await describe(two))['retention.ms'],
          String(3_600_000 * i),
          `retention.ms ${i} through broker 2`,
        );
        // An incremental change through broker 2 builds on broker 1's, never on a stale copy.
        assert.equal((await set(two, 'segment.ms', String(60_000 * i))).responses[0]?.errorCode, 0);
        assert.deepEqual(await describe(one), {
          'retention.ms': String(3_600_000 * i),
          'segment.ms': String(60_000 * i),
        });
      }
    } finally {
      one.close();
      two.close();
    }
  });

  it("sets client quotas through one broker and every broker enforces them (Kafka's /config/users layout)", async () => {
    const [b1, b2] = [...cluster.brokers.values()];
    const set = await samsa([
      'configs',
      '--bootstrap-server',
      b1?.bootstrapServers as string,
      '--alter',
      '--add-config',
      'producer_byte_rate=1048576',
      '--entity-type',
      'users',
      '--entity-name',
      'userA',
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(set.stdout, 'Completed updating config for user userA.\n');
    await waitFor(
      'broker 2 to learn the quota',
      () => b2?.quotas.quotasOf({ user: 'userA' }).producer_byte_rate === 1048576,
    );
    const d = await samsa([
      'configs',
      '--bootstrap-server',
      b2?.bootstrapServers as string,
      '--describe',
      '--entity-type',
      'users',
      '--entity-name',
      'userA',
    ]);
    assert.equal(d.stdout, "Quota configs for user-principal 'userA' are producer_byte_rate=1048576.0\n");
    const zk = await ZkClient.connect({ connect: `${cluster.zk.connectString}/samsa`, sessionTimeoutMs: 6000 });
    try {
      const { data } = await zk.get('/config/users/userA');
      assert.deepEqual(JSON.parse(data.toString()), { version: 1, config: { producer_byte_rate: '1048576' } });
    } finally {
      zk.close();
    }
  });

  it("describes every broker's log directories in kafka-log-dirs.sh's JSON", async () => {
    const r = await samsa(['log-dirs', ...bs, '--describe', '--topic-list', 'cli']);
    assert.equal(r.code, 0, r.stderr);
    const [first, second, json] = r.stdout.trim().split('\n');
    assert.equal(first, 'Querying brokers for log directories information');
    assert.equal(second, 'Received log directory information from brokers 1,2,3');
    const doc = JSON.parse(json as string) as {
      brokers: Array<{ broker: number; logDirs: Array<{ partitions: Array<{ partition: string }> }> }>;
    };
    // Two partitions with two replicas each: four replicas, wherever the reassignment left them.
    const replicas = doc.brokers.flatMap((b) => b.logDirs.flatMap((d) => d.partitions.map((p) => p.partition)));
    assert.deepEqual(replicas.sort(), ['cli-0', 'cli-0', 'cli-1', 'cli-1']);
  });

  it('runs a preferred leader election and reports partitions that needed none', async () => {
    const r = await samsa(['leader-election', ...bs, '--election-type', 'PREFERRED', '--all-topic-partitions']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Valid replica already elected for partitions .*cli-0/);
    const bad = await samsa(['leader-election', ...bs, '--election-type', 'PREFERRED']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Exactly one of --all-topic-partitions, --topic or --path-to-json-file/);
  });
});
