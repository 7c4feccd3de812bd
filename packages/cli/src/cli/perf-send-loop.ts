/**
 * The producer perf tool's send loop, paced as Kafka's ProducerPerformance is: records go out as
 * fast as the producer takes them, as many unacknowledged as buffer.memory holds (Kafka's send()
 * blocks there; here the loop waits for acknowledgements to free room), and no faster than
 * --throughput when one is set. Records are handed over in runs of about one batch.size each
 * (sendBatch), so an acknowledgement is one callback per producer batch, as Kafka's callbacks of
 * one batch fire together, and nothing is allocated per record beyond what the producer needs.
 *
 * Waiting costs one promise per wait, never a scan of what is in flight.
 */
import type { Producer, ProducerRecord } from '@samsa/client';

export interface SendLoopOptions {
  producer: Producer;
  topic: string;
  numRecords: number;
  /** Records per second; <= 0: no limit. */
  throughput: number;
  /** The payload of record `i`'s run: the same buffer every time, or one chosen per record. */
  payloads: Buffer[];
  /** batch.size: records are handed over in runs that fill about one batch. */
  batchSize: number;
  /** buffer.memory: the most bytes of records to keep unacknowledged. */
  bufferMemory: number;
  /** Called once per acknowledged (or failed) run, in the order they complete. */
  onAck(latencyMs: number, records: number, bytes: number, now: number): void;
  onError(records: number, err: unknown): void;
}

/**
 * How the producer counts bytes, for batch.size and buffer.memory alike: a record is its key and
 * value plus 21 bytes, a batch 61 more (its estimateRecord). Counting the same way here, the loop
 * waits exactly when the producer would have to.
 */
const RECORD_ESTIMATE = 21;
const BATCH_ESTIMATE = 61;
const YIELD_BYTES = 256 * 1024;

export async function sendAll(o: SendLoopOptions): Promise<void> {
  const fixed = o.payloads.length === 1 ? (o.payloads[0] as Buffer) : null;
  const avgSize = o.payloads.reduce((n, p) => n + p.length, 0) / o.payloads.length;
  // Runs that fill one producer batch exactly (as the producer counts a batch's bytes), so that a
  // run's acknowledgement is its batch's, not the later of two batches it straddles.
  const runLength = Math.max(
    1,
    Math.min(o.numRecords, Math.floor((o.batchSize - BATCH_ESTIMATE) / (avgSize + RECORD_ESTIMATE))),
  );
  // A single payload: one record object stands for every record of a run (the producer copies
  // nothing from it but the value's reference).
  const fixedRun: ProducerRecord<Buffer | null | undefined, Buffer>[] = fixed
    ? new Array(runLength).fill({ topic: o.topic, value: fixed })
    : [];
  let inFlightBytes = 0;
  let inFlightRuns = 0;
  let wake: (() => void) | null = null;
  const settle = (bytes: number) => {
    inFlightBytes -= bytes;
    inFlightRuns--;
    const w = wake;
    wake = null;
    w?.();
  };
  const start = Date.now();
  let sent = 0;
  let sinceYield = 0;
  while (sent < o.numRecords) {
    let n = Math.min(runLength, o.numRecords - sent);
    if (o.throughput > 0) {
      // Kafka's ThroughputThrottler: ahead of the target rate, sleep until the next record is due.
      const due = Math.floor(((Date.now() - start) * o.throughput) / 1000) + 1 - sent;
      if (due <= 0) {
        await sleep(start + (sent * 1000) / o.throughput - Date.now());
        continue;
      }
      n = Math.min(n, due);
    }
    const run = fixed ? (n === runLength ? fixedRun : fixedRun.slice(0, n)) : randomRun(o, n);
    let bytes = 0;
    for (const r of run) bytes += r.value.length;
    const reserved = n * RECORD_ESTIMATE + bytes;
    // The producer's buffer is full: wait for acknowledgements, as Kafka's send() blocks.
    while (inFlightRuns > 0 && inFlightBytes + reserved > o.bufferMemory) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
    inFlightBytes += reserved;
    inFlightRuns++;
    const sentAt = Date.now();
    o.producer.sendBatch(run).then(
      () => {
        const now = Date.now();
        o.onAck(now - sentAt, n, bytes, now);
        settle(reserved);
      },
      (err) => {
        o.onError(n, err);
        settle(reserved);
      },
    );
    sent += n;
    // Let the producer's sender (and the socket) run, as its own thread would: every
    // YIELD_BYTES, not after every run, which with small batches would cost more than the sends.
    sinceYield += reserved;
    if (sinceYield >= YIELD_BYTES) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  while (inFlightRuns > 0) await new Promise<void>((resolve) => (wake = resolve));
}

function randomRun(o: SendLoopOptions, n: number): ProducerRecord<Buffer | null | undefined, Buffer>[] {
  const run = new Array(n);
  for (let i = 0; i < n; i++) {
    run[i] = { topic: o.topic, value: o.payloads[Math.floor(Math.random() * o.payloads.length)] as Buffer };
  }
  return run;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
