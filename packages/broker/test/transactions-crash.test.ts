/**
 * Exactly once across kill -9: a confluent-kafka consume-transform-produce loop (read_committed
 * consumer, transactional producer, send_offsets_to_transaction) copies N records from `src` to
 * `dst` while the broker process is killed with SIGKILL mid-run and restarted on the same log dir;
 * `dst` then holds every record exactly once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { expectSuccess, python } from '@samsa/test-kit';
import { freePort } from '../src/testing/index.js';
import { type BrokerProcess, startBrokerProcess } from './support/broker-process.js';

const N = 3000;
const OVERRIDES = [
  '--override',
  'transaction.state.log.num.partitions=3',
  '--override',
  'offsets.topic.num.partitions=3',
  '--override',
  'group.initial.rebalance.delay.ms=0',
];

const SETUP = `
import sys
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, n = sys.argv[1], int(sys.argv[2])
a = AdminClient({'bootstrap.servers': bootstrap})
for f in a.create_topics([NewTopic('src', 2, 1), NewTopic('dst', 1, 1)]).values():
    f.result(20)
p = Producer({'bootstrap.servers': bootstrap})
for i in range(n):
    p.produce('src', value=b'%05d' % i, partition=i % 2)
if p.flush(30) != 0:
    raise SystemExit('fill failed')
`;

const COPY = `
import sys, time
from confluent_kafka import Consumer, Producer, TopicPartition, KafkaException
bootstrap, n = sys.argv[1], int(sys.argv[2])
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'copier', 'auto.offset.reset': 'earliest',
              'enable.auto.commit': False, 'isolation.level': 'read_committed', 'session.timeout.ms': 20000})
c.subscribe(['src'])
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': 'copier-tx', 'transaction.timeout.ms': 20000})
p.init_transactions(60)
parts = [TopicPartition('src', 0), TopicPartition('src', 1)]

def rewind():
    assigned = c.assignment()
    if not assigned:
        return
    for tp in c.committed(assigned, 30):
        c.seek(TopicPartition(tp.topic, tp.partition, max(tp.offset, 0)))

def done():
    try:
        return sum(max(tp.offset, 0) for tp in c.committed(parts, 10)) >= n
    except KafkaException:
        return False

txns = 0
deadline = time.time() + 150
while time.time() < deadline:
    msgs = [m for m in c.consume(20, 0.5) if not m.error()]
    if not msgs:
        if done():
            break
        continue
    try:
        p.begin_transaction()
        for m in msgs:
            p.produce('dst', value=m.value())
        positions = [tp for tp in c.position(c.assignment()) if tp.offset >= 0]
        p.send_offsets_to_transaction(positions, c.consumer_group_metadata(), 60)
        while True:
            try:
                p.commit_transaction(60)
                break
            except KafkaException as e:
                if not e.args[0].retriable():
                    raise
        txns += 1
        time.sleep(0.01)
    except KafkaException as e:
        err = e.args[0]
        if err.fatal():
            raise
        try:
            p.abort_transaction(60)
        except KafkaException:
            pass
        rewind()
print(txns)
`;

const READ = `
import sys, time
from confluent_kafka import Consumer
c = Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'verify', 'auto.offset.reset': 'earliest',
              'isolation.level': 'read_committed', 'enable.auto.commit': False})
c.subscribe(['dst'])
seen = []
idle = time.time() + 10
deadline = time.time() + 60
while time.time() < deadline and time.time() < idle:
    m = c.poll(0.5)
    if m is None or m.error():
        continue
    seen.append(m.value().decode())
    idle = time.time() + 3
c.close()
print('\\n'.join(seen))
`;

describe('exactly once across kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-txn-crash-'));
  let broker: BrokerProcess | undefined;
  after(async () => {
    await broker?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'a consume-transform-produce loop copies every record once while the broker is killed and restarted',
    { timeout: 240_000 },
    async () => {
      const port = await freePort();
      const bootstrap = `127.0.0.1:${port}`;
      broker = await startBrokerProcess(port, dir, OVERRIDES);
      expectSuccess(await python(SETUP, [bootstrap, String(N)]), 'setup');
      const copier = python(COPY, [bootstrap, String(N)], 200_000);
      let finished = false;
      void copier.then(() => {
        finished = true;
      });
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(finished, false, 'the copier is still running when the broker is killed');
      await broker.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 1000));
      broker = await startBrokerProcess(port, dir, OVERRIDES);
      const result = expectSuccess(await copier, 'copier');
      assert.ok(Number(result.stdout.trim()) > 0, 'transactions were committed');
      const seen = expectSuccess(await python(READ, [bootstrap]), 'reader')
        .stdout.split('\n')
        .filter((l) => l !== '');
      assert.equal(new Set(seen).size, N, 'every record arrived');
      assert.equal(seen.length, N, 'none twice');
    },
  );
});
