/**
 * One page of the message browser: reads forward or backward from a cursor over one or all
 * partitions, merges the partitions' records by timestamp (then partition, offset), keeps `limit`
 * of them, and computes the cursors of the next (newer) and previous (older) pages from what was
 * kept, so paging never skips or repeats a record.
 *
 * Backward reads (newest first, or "previous page") scan windows before each position, doubling the
 * window until enough records matched or the log start is reached; with a filter that matches
 * little, the time and scan budget bound the work, and the cursors resume where the scan stopped.
 */
import type { Consumer, ConsumerRecord } from '@samsa/client';
import type { BrowseCursor } from './browse-cursor.js';
import { type ReadBudget, readRanges } from './read-ranges.js';
import type { RecordPredicate } from './record-filter.js';

export interface PartitionBounds {
  partition: number;
  start: bigint;
  end: bigint;
}

export interface BrowsePage {
  records: ConsumerRecord[];
  next: BrowseCursor | null;
  prev: BrowseCursor | null;
}

function order(a: ConsumerRecord, b: ConsumerRecord): number {
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  if (a.partition !== b.partition) return a.partition - b.partition;
  return a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0;
}

export async function browsePage(opts: {
  consumer: Consumer;
  topic: string;
  bounds: PartitionBounds[];
  cursor: BrowseCursor;
  limit: number;
  filter: RecordPredicate | null;
  budget: ReadBudget;
}): Promise<BrowsePage> {
  const { consumer, topic, bounds, cursor, limit, filter, budget } = opts;
  const clamp = (b: PartitionBounds) => {
    const p = cursor.positions.get(b.partition) ?? (cursor.direction === 'forward' ? b.start : b.end);
    return p < b.start ? b.start : p > b.end ? b.end : p;
  };
  const kept: ConsumerRecord[] = [];
  const nextPos = new Map<number, bigint>();
  const prevPos = new Map<number, bigint>();
  if (cursor.direction === 'forward') {
    const ranges = bounds.map((b) => ({ partition: b.partition, from: clamp(b), to: b.end, max: limit }));
    const results = await readRanges(consumer, topic, ranges, filter, budget);
    const all = results.flatMap((r) => r.matched).sort(order);
    kept.push(...all.slice(0, limit));
    const cut = all.slice(limit);
    for (const r of results) {
      const firstCut = cut.find((c) => c.partition === r.partition);
      nextPos.set(r.partition, firstCut ? firstCut.offset : r.reached);
      const firstKept = kept.find((c) => c.partition === r.partition);
      const from = ranges.find((x) => x.partition === r.partition)?.from ?? 0n;
      prevPos.set(r.partition, firstKept ? firstKept.offset : from);
    }
  } else {
    const before = new Map(bounds.map((b) => [b.partition, clamp(b)]));
    const scannedFrom = new Map(before);
    const matched = new Map<number, ConsumerRecord[]>(bounds.map((b) => [b.partition, []]));
    let window = BigInt(Math.max(limit, 1));
    for (;;) {
      // Each round reads, per partition that still needs records, the window just before what it scanned.
      const ranges = bounds
        .filter((b) => (matched.get(b.partition) as ConsumerRecord[]).length < limit)
        .map((b) => {
          const to = scannedFrom.get(b.partition) as bigint;
          const from = to - window < b.start ? b.start : to - window;
          return { partition: b.partition, from, to, max: Number.MAX_SAFE_INTEGER };
        })
        .filter((r) => r.from < r.to);
      if (ranges.length === 0 || Date.now() >= budget.deadline) break;
      const results = await readRanges(consumer, topic, ranges, filter, budget);
      for (const r of results) {
        const range = ranges.find((x) => x.partition === r.partition);
        if (!range) continue;
        // Only a fully scanned window counts as scanned; an interrupted one is resumed from its start.
        if (r.reached < range.to) break;
        scannedFrom.set(r.partition, range.from);
        matched.set(r.partition, [...r.matched, ...(matched.get(r.partition) as ConsumerRecord[])]);
      }
      window *= 2n;
    }
    const all = [...matched.values()].flat().sort(order);
    kept.push(...all.slice(Math.max(0, all.length - limit)));
    const cut = all.slice(0, Math.max(0, all.length - limit));
    for (const b of bounds) {
      const mine = kept.filter((c) => c.partition === b.partition);
      const lastKept = mine[mine.length - 1];
      nextPos.set(b.partition, lastKept ? lastKept.offset + 1n : (before.get(b.partition) as bigint));
      const lastCut = cut.filter((c) => c.partition === b.partition).pop();
      prevPos.set(
        b.partition,
        mine[0] ? mine[0].offset : lastCut ? lastCut.offset + 1n : (scannedFrom.get(b.partition) as bigint),
      );
    }
  }
  const more = (pos: Map<number, bigint>, forward: boolean) =>
    bounds.some((b) => {
      const p = pos.get(b.partition) as bigint;
      return forward ? p < b.end : p > b.start;
    });
  return {
    records: kept,
    next: more(nextPos, true) ? { direction: 'forward', positions: nextPos } : null,
    prev: more(prevPos, false) ? { direction: 'backward', positions: prevPos } : null,
  };
}
