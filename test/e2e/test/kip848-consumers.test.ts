/**
 * KIP-848 consumer groups formed by real clients on Samsa (group.protocol=consumer): two
 * confluent-kafka 2.x consumers (current librdkafka) in one process, and two Apache Kafka 4.1 Java
 * consumers in two JVMs. In each, both members own a share of the partitions (the second member's
 * only after the first revoked them), every record produced afterwards is read exactly once, and
 * the offsets committed against the member epochs are there after the members left; and a
 * confluent-kafka regex subscription, resolved by the broker, picks up a matching topic created
 * later; and Java static members (group.instance.id): one restarted gets its partitions back
 * while the other sees no rebalance. Runs against one broker and against a three-broker cluster.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer, silentLogger } from '@samsa/client';
import { compileJava, expectSuccess, JavaApp, kafkaJava, referencePython, referencesMissing } from '@samsa/test-kit';
import { type SamsaUnderTest, startSingleBroker, startThreeBrokerCluster } from './support/samsa-cluster.js';

const skip = referencesMissing();
const SOURCE = join(import.meta.dirname, '..', '..', 'java', 'Kip848Consumer.java');
const PARTITIONS = 4;
const COUNT = 200;
/** Short heartbeats so the hand-over between members takes a second, not ten. */
const BROKER_CONFIG = { 'group.consumer.heartbeat.interval.ms': '500' };

// Two consumers polled in turn until both own partitions; then records are produced and read.
const PYTHON = `
import json, sys, time
from confluent_kafka import Consumer, Producer, TopicPartition
bootstrap, group, topic, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def consumer(name):
    return Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'group.protocol': 'consumer',
                     'enable.auto.commit': False, 'auto.offset.reset': 'earliest', 'client.id': name})
events = []
def listeners(name):
    return dict(on_assign=lambda c, ps: events.append([name, 'assign', sorted(p.partition for p in ps)]),
                on_revoke=lambda c, ps: events.append([name, 'revoke', sorted(p.partition for p in ps)]))
a, b = consumer('a'), consumer('b')
a.subscribe([topic], **listeners('a'))
b.subscribe([topic], **listeners('b'))
deadline = time.time() + 90
seen = {'a': [], 'b': []}
def poll(name, c):
    m = c.poll(0.1)
    if m is None: return
    if m.error(): raise SystemExit(f'{name}: {m.error()}')
    seen[name].append([m.partition(), m.offset()])
    c.commit(message=m, asynchronous=False)
while time.time() < deadline:
    poll('a', a); poll('b', b)
    if a.assignment() and b.assignment() and len(a.assignment()) + len(b.assignment()) == ${PARTITIONS}: break
shares = {'a': sorted(p.partition for p in a.assignment()), 'b': sorted(p.partition for p in b.assignment())}
p = Producer({'bootstrap.servers': bootstrap, 'acks': 'all'})
for i in range(n): p.produce(topic, key=f'k{i}', value=f'v{i}')
p.flush(30)
while time.time() < deadline and len(seen['a']) + len(seen['b']) < n:
    poll('a', a); poll('b', b)
a.close(); b.close()
print(json.dumps({'shares': shares, 'seen': seen, 'events': events}))
`;

// A regex subscription (sent to the broker as subscribedTopicRegex); rx-b is created once rx-a is owned.
const REGEX_PYTHON = `
import json, sys, time
from confluent_kafka import Consumer
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, rf = sys.argv[1], int(sys.argv[2])
admin = AdminClient({'bootstrap.servers': bootstrap})
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'kip848-regex', 'group.protocol': 'consumer',
              'topic.metadata.refresh.interval.ms': 1000})
c.subscribe(['^rx-[ab]$'])
steps, created, deadline = [], False, time.time() + 90
while time.time() < deadline:
    c.poll(0.2)
    got = sorted(f'{p.topic}-{p.partition}' for p in c.assignment())
    if got and (not steps or steps[-1] != got): steps.append(got)
    if not created and len(got) == 4:
        for f in admin.create_topics([NewTopic('rx-b', 1, rf)]).values(): f.result()
        created = True
    if len(got) == 5: break
c.close()
print(json.dumps(steps))
`;

interface PythonResult {
  shares: { a: number[]; b: number[] };
  seen: { a: Array<[number, number]>; b: Array<[number, number]> };
  events: Array<[string, string, number[]]>;
}

async function createTopic(samsa: SamsaUnderTest, name: string): Promise<void> {
  const admin = new Admin({ bootstrapServers: samsa.bootstrap, logger: silentLogger });
  try {
    await admin.createTopics([{ name, numPartitions: PARTITIONS, replicationFactor: samsa.replicationFactor }]);
  } finally {
    await admin.close();
  }
}

async function committedTotal(samsa: SamsaUnderTest, groupId: string): Promise<number> {
  const admin = new Admin({ bootstrapServers: samsa.bootstrap, logger: silentLogger });
  try {
    const offsets = await admin.listGroupOffsets(groupId);
    return offsets.reduce((n, o) => n + Number(o.offset), 0);
  } finally {
    await admin.close();
  }
}

/** The latest OWNED line of a Java consumer, as partition numbers. */
function owned(app: JavaApp): number[] {
  const lines = app.output.match(/^OWNED \[.*\]$/gm) ?? [];
  const last = lines[lines.length - 1];
  if (!last) return [];
  const inner = last.slice('OWNED ['.length, -1).trim();
  return inner === '' ? [] : inner.split(',').map((s) => Number(s.trim()));
}

function records(app: JavaApp): string[] {
  return (app.output.match(/^RECORD \d+ \d+$/gm) ?? []).map((l) => l.slice('RECORD '.length));
}

async function until(what: string, cond: () => boolean, explain: () => string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms\n${explain()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const shapes = [
  { name: 'one broker', start: () => startSingleBroker(BROKER_CONFIG) },
  { name: 'a three-broker cluster', start: () => startThreeBrokerCluster(BROKER_CONFIG) },
];

for (const shape of shapes) {
  describe(`KIP-848 consumer groups of real clients against ${shape.name}`, { skip, timeout: 300_000 }, () => {
    let samsa: SamsaUnderTest;
    before(async () => {
      samsa = await shape.start();
    });
    after(async () => {
      await samsa?.stop();
    });

    it('confluent-kafka 2.x: two consumers share the partitions, read every record once, commits stay', async () => {
      const topic = 'kip848-python';
      const group = 'kip848-python-group';
      await createTopic(samsa, topic);
      const out = await referencePython(PYTHON, [samsa.bootstrap, group, topic, String(COUNT)], 150_000);
      expectSuccess(out, 'confluent-kafka consumers');
      const r = JSON.parse(out.stdout.trim().split('\n').pop() as string) as PythonResult;
      const explain = JSON.stringify(r.events);
      assert.ok(r.shares.a.length > 0 && r.shares.b.length > 0, `both own partitions: ${JSON.stringify(r.shares)}`);
      assert.deepEqual([...r.shares.a, ...r.shares.b].sort(), [0, 1, 2, 3]);
      // Whichever joined first got everything, and revoked what the second one got before it got it.
      const first = r.events[0]?.[0] === 'b' ? 'b' : 'a';
      const second = first === 'a' ? 'b' : 'a';
      const revoked = r.events.filter((e) => e[0] === first && e[1] === 'revoke').flatMap((e) => e[2]);
      assert.ok(
        r.shares[second].every((p) => revoked.includes(p)),
        `the first revoked what the second got: ${explain}`,
      );
      const firstRevoke = r.events.findIndex((e) => e[0] === first && e[1] === 'revoke');
      const secondGets = r.events.findIndex((e) => e[0] === second && e[1] === 'assign' && e[2].length > 0);
      assert.ok(firstRevoke >= 0 && firstRevoke < secondGets, `revoked before assigned: ${explain}`);
      const all = [...r.seen.a, ...r.seen.b].map(([p, o]) => `${p}:${o}`);
      assert.equal(all.length, COUNT, 'records read');
      assert.equal(new Set(all).size, COUNT, 'no record read twice');
      assert.equal(await committedTotal(samsa, group), COUNT, 'committed offsets add up to the records');
    });

    it('confluent-kafka 2.x: a regex subscription, resolved by the broker, follows a new matching topic', async () => {
      await createTopic(samsa, 'rx-a');
      await createTopic(samsa, 'rx-other-group-not');
      const out = await referencePython(REGEX_PYTHON, [samsa.bootstrap, String(samsa.replicationFactor)], 120_000);
      expectSuccess(out, 'confluent-kafka regex consumer');
      const steps = JSON.parse(out.stdout.trim().split('\n').pop() as string) as string[][];
      assert.deepEqual(steps[0], ['rx-a-0', 'rx-a-1', 'rx-a-2', 'rx-a-3'], JSON.stringify(steps));
      assert.deepEqual(
        steps[steps.length - 1],
        ['rx-a-0', 'rx-a-1', 'rx-a-2', 'rx-a-3', 'rx-b-0'],
        JSON.stringify(steps),
      );
    });

    it('Kafka 4.1 Java consumers: two JVMs share the partitions, read every record once, commits stay', async () => {
      const topic = 'kip848-java';
      const group = 'kip848-java-group';
      await createTopic(samsa, topic);
      const classes = compileJava('4.1.2', [SOURCE]);
      const start = () =>
        JavaApp.start({
          version: '4.1.2',
          mainClass: 'Kip848Consumer',
          classpath: [classes],
          // group.remote.assignor=range: the broker runs the assignor the members ask for.
          args: [samsa.bootstrap, group, topic, 'range'],
        });
      const apps: JavaApp[] = [];
      const producer = new Producer({ bootstrapServers: samsa.bootstrap, logger: silentLogger, acks: -1 });
      try {
        const first = start();
        apps.push(first);
        const explain = () => apps.map((a) => a.tail(3000)).join('\n-----\n');
        await until('the first member owns every partition', () => owned(first).length === PARTITIONS, explain);
        const second = start();
        apps.push(second);
        await until(
          'the partitions are shared',
          () =>
            owned(first).length > 0 &&
            owned(second).length > 0 &&
            owned(first).length + owned(second).length === PARTITIONS,
          explain,
        );
        assert.match(first.output, /^REVOKED \[/m, 'the first member revoked before the hand-over');
        // Kafka's own kafka-consumer-groups (4.1) describes the group through ConsumerGroupDescribe.
        const described = await kafkaJava('4.1.2', 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
          '--bootstrap-server',
          samsa.bootstrap,
          '--describe',
          '--group',
          group,
          '--members',
          '--verbose',
        ]);
        expectSuccess(described, 'kafka-consumer-groups --describe --members --verbose');
        assert.match(described.stdout, /CURRENT-EPOCH +CURRENT-ASSIGNMENT +TARGET-EPOCH +TARGET-ASSIGNMENT/);
        assert.equal(described.stdout.split('\n').filter((l) => l.startsWith(group)).length, 2, described.stdout);
        const state = await kafkaJava('4.1.2', 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
          '--bootstrap-server',
          samsa.bootstrap,
          '--describe',
          '--group',
          group,
          '--state',
          '--verbose',
        ]);
        expectSuccess(state, 'kafka-consumer-groups --describe --state --verbose');
        assert.match(
          state.stdout,
          new RegExp(`${group} +\\S+ +\\(\\d+\\) +range +(Stable|Reconciling) +\\d+ +\\d+ +2`),
          state.stdout,
        );
        await producer.sendBatch(Array.from({ length: COUNT }, (_, i) => ({ topic, key: `k${i}`, value: `v${i}` })));
        await until('every record read', () => records(first).length + records(second).length >= COUNT, explain);
        const all = [...records(first), ...records(second)];
        assert.equal(new Set(all).size, COUNT, 'no record read twice');
        assert.equal(all.length, COUNT);
        await Promise.all(apps.map((a) => a.stop('SIGTERM')));
        assert.ok(
          apps.every((a) => /^CLOSED$/m.test(a.output)),
          `closed cleanly\n${explain()}`,
        );
        assert.equal(await committedTotal(samsa, group), COUNT, 'committed offsets add up to the records');
      } finally {
        await Promise.all(apps.map((a) => a.stop('SIGKILL')));
        await producer.close();
      }
    });

    it('Kafka 4.1 Java static members: a restarted member gets its partitions back, the other keeps its own', async () => {
      const topic = 'kip848-static';
      const group = 'kip848-static-group';
      await createTopic(samsa, topic);
      const classes = compileJava('4.1.2', [SOURCE]);
      const start = (instance: string) =>
        JavaApp.start({
          version: '4.1.2',
          mainClass: 'Kip848Consumer',
          classpath: [classes],
          args: [samsa.bootstrap, group, topic, '-', instance],
        });
      const apps: JavaApp[] = [];
      try {
        const a = start('static-a');
        apps.push(a);
        const explain = () => apps.map((x) => x.tail(3000)).join('\n-----\n');
        await until('a owns every partition', () => owned(a).length === PARTITIONS, explain);
        const b = start('static-b');
        apps.push(b);
        await until('shared', () => owned(a).length + owned(b).length === PARTITIONS && owned(b).length > 0, explain);
        const mine = owned(a);
        const bMark = b.mark;
        // A static member's clean close leaves with epoch -2: its partitions wait for it.
        await a.stop('SIGTERM');
        const again = start('static-a');
        apps.push(again);
        await until('the restarted member owns its partitions again', () => owned(again).length > 0, explain);
        assert.deepEqual(owned(again), mine);
        assert.doesNotMatch(b.outputSince(bMark), /^(REVOKED|ASSIGNED) /m, `b saw no rebalance\n${explain()}`);
      } finally {
        await Promise.all(apps.map((x) => x.stop('SIGKILL')));
      }
    });
  });
}
