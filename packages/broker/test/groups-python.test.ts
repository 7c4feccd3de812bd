/**
 * Consumer groups with the Python clients users run: kafka-python's seed example (a KafkaConsumer
 * with group_id reading what a KafkaProducer wrote, then resuming from its commits, also across a
 * broker restart), confluent-kafka (librdkafka) with cooperative-sticky incremental rebalances and
 * with static membership, and a member that dies without leaving being removed after its session
 * timeout.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expectSuccess, python } from '@samsa/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { type Broker, startBroker } from '../src/index.js';
import { waitFor } from './support/wait.js';

const CONFIG = { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 };

const PRODUCE = `
import json, sys
from kafka import KafkaProducer
producer = KafkaProducer(bootstrap_servers=sys.argv[1], value_serializer=lambda v: json.dumps(v).encode('utf-8'))
for i in range(int(sys.argv[2]), int(sys.argv[3])):
    producer.send('test_topic', {'n': i})
producer.flush()
producer.close()
`;

// The seed example's consumer, bounded: it stops after consumer_timeout_ms without records.
const CONSUME = `
import json, sys
from kafka import KafkaConsumer
consumer = KafkaConsumer('test_topic', bootstrap_servers=sys.argv[1], group_id='test_group',
                         auto_offset_reset='earliest', consumer_timeout_ms=3000,
                         session_timeout_ms=6000, heartbeat_interval_ms=500,
                         value_deserializer=lambda m: json.loads(m.decode('utf-8')))
for message in consumer:
    print(json.dumps(message.value['n']))
consumer.close()
`;

function numbers(out: string): number[] {
  return out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map(Number)
    .sort((a, b) => a - b);
}

describe('python clients in consumer groups', () => {
  let dir: string;
  let broker: Broker;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-groups-py-'));
    broker = await startBroker({ logDirs: dir, config: CONFIG });
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kafka-python: the seed example consumes in a group and resumes from its commits, across a broker restart', async () => {
    expectSuccess(await python(PRODUCE, [broker.bootstrapServers, '0', '10']), 'producer');
    const first = expectSuccess(await python(CONSUME, [broker.bootstrapServers]), 'consumer');
    assert.deepEqual(numbers(first.stdout), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expectSuccess(await python(PRODUCE, [broker.bootstrapServers, '10', '15']), 'producer');
    const second = expectSuccess(await python(CONSUME, [broker.bootstrapServers]), 'consumer');
    assert.deepEqual(numbers(second.stdout), [10, 11, 12, 13, 14], 'continues where the group stopped');

    await broker.stop();
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    expectSuccess(await python(PRODUCE, [broker.bootstrapServers, '15', '18']), 'producer');
    const third = expectSuccess(await python(CONSUME, [broker.bootstrapServers]), 'consumer');
    assert.deepEqual(numbers(third.stdout), [15, 16, 17], 'committed offsets survived the restart');
  });

  it('confluent-kafka: cooperative-sticky rebalances move only the partitions that change owner', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'coop', numPartitions: 4 }] });
    const script = `
import json, sys, time
from confluent_kafka import Consumer
events = []
def member(name):
    def on_assign(c, parts): events.append([name, 'assign', sorted(p.partition for p in parts)])
    def on_revoke(c, parts): events.append([name, 'revoke', sorted(p.partition for p in parts)])
    c = Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'coop-group',
                  'partition.assignment.strategy': 'cooperative-sticky',
                  'session.timeout.ms': 6000, 'heartbeat.interval.ms': 200})
    c.subscribe(['coop'], on_assign=on_assign, on_revoke=on_revoke)
    return c
def owned(c): return sorted(p.partition for p in c.assignment())
def pump(cs, until, secs=20):
    end = time.time() + secs
    while time.time() < end:
        for c in cs: c.poll(0.05)
        if until(): return
    raise SystemExit('timed out: ' + json.dumps(events))
a = member('a')
pump([a], lambda: len(owned(a)) == 4)
b = member('b')
pump([a, b], lambda: len(owned(a)) == 2 and len(owned(b)) == 2)
split = {'a': owned(a), 'b': owned(b)}
b.close()
pump([a], lambda: len(owned(a)) == 4)
events.append(['a', 'closing', []])
a.close()
print(json.dumps({'split': split, 'events': events}))
`;
    const r = expectSuccess(await python(script, [broker.bootstrapServers], 60_000), 'confluent-kafka');
    const { split, events } = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
      split: { a: number[]; b: number[] };
      events: Array<[string, string, number[]]>;
    };
    assert.deepEqual([...split.a, ...split.b].sort(), [0, 1, 2, 3]);
    const closing = events.findIndex(([, what]) => what === 'closing');
    const ofA = events.slice(0, closing).filter(([who]) => who === 'a');
    assert.deepEqual(ofA[0], ['a', 'assign', [0, 1, 2, 3]]);
    // Incremental: a gives up exactly the two partitions b takes, never all four.
    const revokes = ofA.filter(([, what, parts]) => what === 'revoke' && parts.length > 0);
    assert.deepEqual(revokes[0]?.[2], split.b);
    assert.ok(!revokes.some(([, , parts]) => parts.length === 4), JSON.stringify(events));
    assert.ok(events.some(([who, what, parts]) => who === 'b' && what === 'assign' && parts.length === 2));
    // When b leaves, a is given b's partitions on top of its own.
    assert.ok(events.some(([who, what, parts]) => who === 'a' && what === 'assign' && parts.join() === split.b.join()));
    await admin.disconnect();
  });

  it('confluent-kafka: a static member (group.instance.id) restarting within its session causes no rebalance', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'static', numPartitions: 4 }] });
    await admin.disconnect();
    const script = `
import json, sys, time
from confluent_kafka import Consumer
events = []
def member(name, instance):
    def on_assign(c, parts): events.append([name, 'assign', sorted(p.partition for p in parts)])
    def on_revoke(c, parts): events.append([name, 'revoke', sorted(p.partition for p in parts)])
    c = Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'static-group', 'group.instance.id': instance,
                  'session.timeout.ms': 6000, 'heartbeat.interval.ms': 200})
    c.subscribe(['static'], on_assign=on_assign, on_revoke=on_revoke)
    return c
def owned(c): return sorted(p.partition for p in c.assignment())
def pump(cs, until, secs=20):
    end = time.time() + secs
    while time.time() < end:
        for c in cs: c.poll(0.05)
        if until(): return
    raise SystemExit('timed out: ' + json.dumps(events))
a = member('a', 'instance-a')
b = member('b', 'instance-b')
pump([a, b], lambda: len(owned(a)) == 2 and len(owned(b)) == 2)
before = {'a': owned(a), 'b': owned(b)}
settled = len(events)  # a and b may join in two rounds (initial delay 0); what counts is after this
a.close()  # a static member does not leave the group on close
a2 = member('a2', 'instance-a')
pump([a2, b], lambda: len(owned(a2)) == 2)
for _ in range(30):  # 1.5 s more, so a rebalance would have shown up
    for c in (a2, b): c.poll(0.05)
print(json.dumps({'before': before, 'after': {'a': owned(a2), 'b': owned(b)}, 'events': events, 'settled': settled}))
a2.close()
b.close()
`;
    const r = expectSuccess(await python(script, [broker.bootstrapServers], 60_000), 'confluent-kafka static members');
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
      before: { a: number[]; b: number[] };
      after: { a: number[]; b: number[] };
      events: Array<[string, string, number[]]>;
      settled: number;
    };
    assert.deepEqual(out.after, out.before, 'the restarted member gets its old partitions, the other keeps its own');
    const bEvents = out.events.slice(out.settled).filter(([who]) => who === 'b');
    assert.equal(bEvents.length, 0, `b was not rebalanced by a's restart: ${JSON.stringify(out.events)}`);
  });

  it('a member that stops heartbeating is removed after its session timeout', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    // A kafka-python member joins, then is killed with SIGKILL: it never sends LeaveGroup.
    const script = `
import sys, time
from kafka import KafkaConsumer
c = KafkaConsumer('test_topic', bootstrap_servers=sys.argv[1], group_id='doomed',
                  session_timeout_ms=3000, heartbeat_interval_ms=300)
while not c.assignment():
    c.poll(100)
print('joined', flush=True)
time.sleep(60)
`;
    const child = spawn('/usr/bin/python3', ['-c', script, broker.bootstrapServers], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await waitFor('the member to be Stable', async () => {
      const g = (await admin.describeGroups(['doomed'])).groups[0];
      return g?.state === 'Stable' && g.members.length === 1;
    });
    const killed = Date.now();
    child.kill('SIGKILL');
    await exited;
    clearTimeout(guard);
    await waitFor(
      'the dead member to be removed',
      async () => (await admin.describeGroups(['doomed'])).groups[0]?.members.length === 0,
      10_000,
    );
    const elapsed = Date.now() - killed;
    assert.ok(elapsed >= 2500, `removed after ${elapsed} ms, not before the 3000 ms session timeout`);
    assert.equal((await admin.describeGroups(['doomed'])).groups[0]?.state, 'Empty');
    await admin.disconnect();
  });
});
