/**
 * The idempotent producer over the wire: InitProducerId hands out ids that never repeat (also
 * across restarts), a resent batch (same id, epoch, sequence) is answered with its original offset
 * and not written twice, gaps and old epochs get Kafka's errors, the state survives a restart, and
 * librdkafka with enable.idempotence produces every message exactly once — also when its
 * connections are cut while batches are in flight (it resends them; the broker dedupes).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeRecordBatches, ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import { expectSuccess, python } from '@samsa/test-kit';
import { KafkaWire } from '../bench/kafka-wire.js';
import { type Broker, startBroker } from '../src/index.js';

function batch(pid: bigint, epoch: number, seq: number, count: number): Buffer {
  return encodeRecordBatch({
    producerId: pid,
    producerEpoch: epoch,
    baseSequence: seq,
    records: Array.from({ length: count }, (_, i) => ({ value: Buffer.from(`s${seq + i}`), timestamp: Date.now() })),
  });
}

async function produce(
  wire: KafkaWire,
  topic: string,
  records: Buffer,
): Promise<{ errorCode: number; baseOffset: bigint }> {
  const r = await wire.send(0, 9, {
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
  });
  const p = r.responses[0]?.partitionResponses[0];
  return { errorCode: p?.errorCode ?? -1, baseOffset: p?.baseOffset ?? -1n };
}

async function values(wire: KafkaWire, topic: string): Promise<string[]> {
  const r = await wire.send(1, 11, {
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    topics: [
      {
        topic,
        topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
        partitions: [
          {
            partition: 0,
            fetchOffset: 0n,
            partitionMaxBytes: 1 << 20,
            currentLeaderEpoch: -1,
            lastFetchedEpoch: -1,
            logStartOffset: -1n,
          },
        ],
      },
    ],
  });
  const records = r.responses[0]?.partitions[0]?.records;
  if (!records) return [];
  return decodeRecordBatches(Buffer.from(records)).flatMap((b) => b.records.map((x) => x.value?.toString() ?? ''));
}

const IDEMPOTENT = `
import sys
from confluent_kafka import Producer
p = Producer({'bootstrap.servers': sys.argv[1], 'enable.idempotence': True, 'linger.ms': 2, 'batch.num.messages': 50})
errors = []
def report(err, msg):
    if err is not None:
        errors.append(str(err))
for i in range(int(sys.argv[2])):
    p.produce('idem', value=b'%d' % i, on_delivery=report)
    if i % 100 == 0:
        p.poll(0)
if p.flush(30) != 0 or errors:
    raise SystemExit('delivery failed: %s' % errors[:3])
`;

describe('idempotent producer', () => {
  let dir: string;
  let broker: Broker;
  let wire: KafkaWire;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-idem-'));
    broker = await startBroker({ logDirs: dir });
    wire = await KafkaWire.open(broker.bootstrapServers);
    await wire.send(19, 4, {
      topics: [
        { name: 'raw', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] },
        { name: 'idem', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] },
      ],
      timeoutMs: 5000,
    });
  });
  after(async () => {
    wire.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('InitProducerId v0 and v4 hand out distinct ids with epoch 0, and ids never repeat after a restart', async () => {
    const a = await wire.send(22, 0, { transactionalId: null, transactionTimeoutMs: 60000 });
    const b = await wire.send(22, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: -1n,
      producerEpoch: -1,
    });
    assert.equal(a.errorCode, 0);
    assert.equal(b.errorCode, 0);
    assert.equal(a.producerEpoch, 0);
    assert.notEqual(a.producerId, b.producerId);
    wire.close();
    await broker.stop();
    broker = await startBroker({ logDirs: dir });
    wire = await KafkaWire.open(broker.bootstrapServers);
    const c = await wire.send(22, 2, { transactionalId: null, transactionTimeoutMs: 60000 });
    assert.ok(c.producerId > b.producerId, `${c.producerId} is above ${b.producerId}`);
  });

  it('a resent batch gets its original offset and no duplicate; gaps and old epochs are rejected; survives a restart', async () => {
    const init = await wire.send(22, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: -1n,
      producerEpoch: -1,
    });
    const pid = init.producerId;
    assert.deepEqual(await produce(wire, 'raw', batch(pid, 0, 0, 3)), { errorCode: 0, baseOffset: 0n });
    assert.deepEqual(await produce(wire, 'raw', batch(pid, 0, 3, 2)), { errorCode: 0, baseOffset: 3n });
    assert.deepEqual(
      await produce(wire, 'raw', batch(pid, 0, 0, 3)),
      { errorCode: 0, baseOffset: 0n },
      'retry of the first',
    );
    assert.deepEqual(
      await produce(wire, 'raw', batch(pid, 0, 3, 2)),
      { errorCode: 0, baseOffset: 3n },
      'retry of the second',
    );
    assert.equal((await produce(wire, 'raw', batch(pid, 0, 9, 1))).errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    assert.equal((await produce(wire, 'raw', batch(pid, 1, 0, 1))).errorCode, 0, 'a new epoch starts at 0');
    assert.equal((await produce(wire, 'raw', batch(pid, 0, 5, 1))).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.deepEqual(await values(wire, 'raw'), ['s0', 's1', 's2', 's3', 's4', 's0']);

    wire.close();
    await broker.stop();
    broker = await startBroker({ logDirs: dir });
    wire = await KafkaWire.open(broker.bootstrapServers);
    assert.deepEqual(
      await produce(wire, 'raw', batch(pid, 1, 0, 1)),
      { errorCode: 0, baseOffset: 5n },
      'dedupe after restart',
    );
    assert.equal((await produce(wire, 'raw', batch(pid, 0, 5, 1))).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.deepEqual(await produce(wire, 'raw', batch(pid, 1, 1, 1)), { errorCode: 0, baseOffset: 6n });
    assert.equal((await values(wire, 'raw')).length, 7);
  });

  it('confluent-kafka with enable.idempotence produces every message exactly once', async () => {
    expectSuccess(await python(IDEMPOTENT, [broker.bootstrapServers, '2000']), 'idempotent producer');
    const seen = await values(wire, 'idem');
    assert.equal(seen.length, 2000);
    assert.equal(new Set(seen).size, 2000);
  });
});

/** A TCP proxy in front of the broker that can cut every connection it carries. */
class CuttingProxy {
  private readonly sockets = new Set<Socket>();
  readonly server: Server;
  target = 0;
  constructor() {
    this.server = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: this.target });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }
  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port));
    });
  }
  cutAll(): number {
    const n = this.sockets.size;
    for (const s of this.sockets) s.destroy();
    return n;
  }
  close(): Promise<void> {
    this.cutAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const CUT = `
import sys
from confluent_kafka import Producer
p = Producer({'bootstrap.servers': sys.argv[1], 'enable.idempotence': True, 'linger.ms': 5,
              'batch.num.messages': 20, 'max.in.flight.requests.per.connection': 5,
              'reconnect.backoff.ms': 10, 'retry.backoff.ms': 10})
errors = []
def report(err, msg):
    if err is not None:
        errors.append(str(err))
for i in range(int(sys.argv[2])):
    p.produce('cut', value=b'%d' % i, on_delivery=report)
    if i % 50 == 0:
        p.poll(0.005)
if p.flush(60) != 0 or errors:
    raise SystemExit('delivery failed: %s' % errors[:3])
`;

describe('idempotent producer with its connections cut', () => {
  let dir: string;
  let broker: Broker;
  let proxy: CuttingProxy;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-idem-cut-'));
    proxy = new CuttingProxy();
    const port = await proxy.listen();
    broker = await startBroker({
      logDirs: dir,
      config: { listeners: 'PLAINTEXT://127.0.0.1:0', 'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}` },
    });
    proxy.target = broker.port;
    await broker.topics.create(
      { name: 'cut', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
  });
  after(async () => {
    await proxy.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('confluent-kafka resends in-flight batches after a cut and the broker writes each record once', async () => {
    const total = 20_000;
    const producing = python(CUT, [`127.0.0.1:${(proxy.server.address() as { port: number }).port}`, String(total)]);
    let cuts = 0;
    let done = false;
    void producing.then(() => {
      done = true;
    });
    while (!done && cuts < 8) {
      await new Promise((r) => setTimeout(r, 150));
      if (proxy.cutAll() > 0) cuts++;
    }
    expectSuccess(await producing, 'idempotent producer');
    assert.ok(cuts > 0, 'connections were cut while producing');
    const log = broker.replicas.getPartition('cut', 0)?.log;
    assert.equal(log?.logEndOffset, total, 'each record written once');
  });
});
