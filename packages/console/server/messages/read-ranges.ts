/**
 * Reads offset ranges of one topic's partitions with a group-less Consumer (assign + seek), as the
 * message browser needs: each range [from, to) is read until `max` records matched the filter, the
 * range ends, or the shared budget (time and records scanned) runs out. The consumer is the
 * caller's, opened for this one read; nothing here commits.
 */
import type { Consumer, ConsumerRecord } from '@samsa/client';
import type { RecordPredicate } from './record-filter.js';

export interface OffsetRange {
  partition: number;
  from: bigint;
  to: bigint;
  /** Stop after this many matching records. */
  max: number;
}

export interface RangeResult {
  partition: number;
  matched: ConsumerRecord[];
  /** The offset after the last record examined (== `from` when nothing was read). */
  reached: bigint;
}

export interface ReadBudget {
  deadline: number;
  maxScanned: number;
}

export async function readRanges(
  consumer: Consumer,
  topic: string,
  ranges: OffsetRange[],
  filter: RecordPredicate | null,
  budget: ReadBudget,
): Promise<RangeResult[]> {
  const results = new Map<number, RangeResult>();
  const open = new Map<number, OffsetRange>();
  for (const r of ranges) {
    results.set(r.partition, { partition: r.partition, matched: [], reached: r.from });
    if (r.from < r.to && r.max > 0) open.set(r.partition, r);
  }
  if (open.size === 0) return [...results.values()];
  const tps = [...open.keys()].map((partition) => ({ topic, partition }));
  consumer.assign(tps);
  // A partition kept from an earlier read of this consumer keeps its paused state: resume it.
  consumer.resume(tps);
  for (const r of open.values()) consumer.seek({ topic, partition: r.partition }, r.from);
  let scanned = 0;
  const close = (partition: number) => {
    open.delete(partition);
    consumer.pause([{ topic, partition }]);
  };
  while (open.size > 0 && Date.now() < budget.deadline && scanned < budget.maxScanned) {
    const batch = await consumer.pollBatch({ timeoutMs: Math.min(500, Math.max(1, budget.deadline - Date.now())) });
    if (batch === null) break;
    const range = open.get(batch.partition);
    if (range && batch.records.length > 0) {
      const res = results.get(batch.partition) as RangeResult;
      for (const rec of batch.records) {
        if (rec.offset >= range.to) {
          close(range.partition);
          break;
        }
        scanned++;
        res.reached = rec.offset + 1n;
        if (filter === null || filter(rec)) res.matched.push(rec);
        if (res.matched.length >= range.max || res.reached >= range.to) {
          close(range.partition);
          break;
        }
      }
    }
    // Offsets with no record (control batches, compacted away) move the position without a record.
    for (const r of [...open.values()]) {
      const position = await consumer.position({ topic, partition: r.partition }, { timeoutMs: 0 }).catch(() => null);
      if (position !== null && position >= r.to) {
        (results.get(r.partition) as RangeResult).reached = r.to;
        close(r.partition);
      }
    }
  }
  return [...results.values()];
}
