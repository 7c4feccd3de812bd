/**
 * Transactional throughput: one transactional producer runs transactions of K records (10, 100,
 * 1,000) back to back — AddPartitionsToTxn, one Produce of a K-record transactional batch, EndTxn
 * (commit, which writes the markers) — and an idempotent producer sends the same batches without
 * transactions. Reported per K: transactions/s, records/s, and the transactional overhead versus
 * the idempotent producer (both with one request in flight, as a transactional producer's commit
 * waits for its sends).
 *
 * A benchmark, not a test: it prints a table and asserts nothing. The broker runs in a worker
 * thread (the groups benchmark's), or is given with `bootstrap`.
 *
 *   node packages/broker/dist/bench/txn-bench.js [--quick]
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import { KafkaWire } from './kafka-wire.js';

export interface TxnBenchRow {
  recordsPerTxn: number;
  txnPerSec: number;
  txnRecordsPerSec: number;
  idempotentRecordsPerSec: number;
  /** 1 − transactional records/s ÷ idempotent records/s. */
  overhead: number;
}

const TOPIC = 'txn-bench';
const VALUE = Buffer.alloc(100, 'x');

function batch(pid: bigint, epoch: number, seq: number, count: number, transactional: boolean): Buffer {
  return encodeRecordBatch({
    producerId: pid,
    producerEpoch: epoch,
    baseSequence: seq,
    isTransactional: transactional,
    records: Array.from({ length: count }, () => ({ value: VALUE, timestamp: Date.now() })),
  });
}

async function produce(wire: KafkaWire, records: Buffer, transactionalId: string | null): Promise<void> {
  const r = await wire.send(0, 9, {
    transactionalId,
    acks: -1,
    timeoutMs: 10_000,
    topicData: [{ name: TOPIC, partitionData: [{ index: 0, records }] }],
  });
  const code = r.responses[0]?.partitionResponses[0]?.errorCode;
  if (code !== ErrorCode.NONE) throw new Error(`produce failed with ${code}`);
}

async function transactional(wire: KafkaWire, k: number, durationMs: number): Promise<number> {
  const tid = `txn-bench-${k}`;
  const init = await wire.send(22, 4, {
    transactionalId: tid,
    transactionTimeoutMs: 60_000,
    producerId: -1n,
    producerEpoch: -1,
  });
  if (init.errorCode !== ErrorCode.NONE) throw new Error(`InitProducerId failed with ${init.errorCode}`);
  const { producerId: pid, producerEpoch: epoch } = init;
  let seq = 0;
  let txns = 0;
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    await wire.send(24, 3, {
      v3AndBelowTransactionalId: tid,
      v3AndBelowProducerId: pid,
      v3AndBelowProducerEpoch: epoch,
      v3AndBelowTopics: [{ name: TOPIC, partitions: [0] }],
    });
    await produce(wire, batch(pid, epoch, seq, k, true), tid);
    seq += k;
    const r = await wire.send(26, 3, { transactionalId: tid, producerId: pid, producerEpoch: epoch, committed: true });
    if (r.errorCode !== ErrorCode.NONE) throw new Error(`EndTxn failed with ${r.errorCode}`);
    txns++;
  }
  return txns;
}

async function idempotent(wire: KafkaWire, k: number, durationMs: number): Promise<number> {
  const init = await wire.send(22, 4, {
    transactionalId: null,
    transactionTimeoutMs: 60_000,
    producerId: -1n,
    producerEpoch: -1,
  });
  let seq = 0;
  let batches = 0;
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    await produce(wire, batch(init.producerId, init.producerEpoch, seq, k, false), null);
    seq += k;
    batches++;
  }
  return batches;
}

async function startWorkerBroker(): Promise<{ bootstrap: string; stop: () => Promise<void> }> {
  const worker = new Worker(new URL('./groups-bench-broker.js', import.meta.url), {
    workerData: { config: { 'transaction.state.log.num.partitions': '5' } },
  });
  const bootstrap = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { bootstrap: string }) => resolve(m.bootstrap));
    worker.once('error', reject);
  });
  return {
    bootstrap,
    stop: () =>
      new Promise((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}

export async function runTxnBench(opts: { durationMs?: number; bootstrap?: string } = {}): Promise<TxnBenchRow[]> {
  const durationMs = opts.durationMs ?? 5000;
  const broker = opts.bootstrap ? null : await startWorkerBroker();
  const bootstrap = opts.bootstrap ?? (broker as { bootstrap: string }).bootstrap;
  const wire = await KafkaWire.open(bootstrap, 'txn-bench');
  try {
    await wire.send(19, 4, {
      topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 10_000,
    });
    // The first transactional request creates __transaction_state; wait until it is there.
    for (;;) {
      const r = await wire.send(10, 4, { keyType: 1, coordinatorKeys: ['txn-bench-10'] });
      if (r.coordinators[0]?.errorCode === ErrorCode.NONE) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rows: TxnBenchRow[] = [];
    for (const k of [10, 100, 1000]) {
      const txns = await transactional(wire, k, durationMs);
      const batches = await idempotent(wire, k, durationMs);
      const txnRecordsPerSec = (txns * k * 1000) / durationMs;
      const idempotentRecordsPerSec = (batches * k * 1000) / durationMs;
      rows.push({
        recordsPerTxn: k,
        txnPerSec: Math.round((txns * 1000) / durationMs),
        txnRecordsPerSec: Math.round(txnRecordsPerSec),
        idempotentRecordsPerSec: Math.round(idempotentRecordsPerSec),
        overhead: 1 - txnRecordsPerSec / idempotentRecordsPerSec,
      });
    }
    return rows;
  } finally {
    wire.close();
    await broker?.stop();
  }
}

export function printTxnBench(rows: TxnBenchRow[]): void {
  console.log('\nTransactions: one producer, transactions back to back (AddPartitionsToTxn, Produce, EndTxn commit)\n');
  console.log('| records/txn | txn/s | records/s (txn) | records/s (idempotent) | overhead |');
  console.log('| ----------: | ----: | --------------: | ---------------------: | -------: |');
  for (const r of rows) {
    console.log(
      `| ${String(r.recordsPerTxn).padStart(11)} | ${String(r.txnPerSec).padStart(5)} | ${String(r.txnRecordsPerSec).padStart(15)} | ${String(r.idempotentRecordsPerSec).padStart(22)} | ${`${(r.overhead * 100).toFixed(0)} %`.padStart(8)} |`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  printTxnBench(await runTxnBench(quick ? { durationMs: 1000 } : {}));
}
