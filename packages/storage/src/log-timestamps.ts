import { baseOffsetAt, isLogAppendTimeAt, leaderEpochAt, maxTimestampAt } from '@samsa/protocol';
import { walkRecords } from './record-walk.js';
import type { LogSegment } from './segment/log-segment.js';

/** A record found by timestamp: ListOffsets' answer. */
export interface TimestampAndOffset {
  timestamp: number;
  offset: number;
  /** partitionLeaderEpoch of the batch holding the record (-1 if unknown). */
  leaderEpoch: number;
}

/*
 * ListOffsets lookups by time. The time index narrows the search to a few batches; headers are
 * scanned from there, and only the one batch that holds the answer has its records walked (Kafka
 * also iterates that batch's records).
 */

/**
 * First record with timestamp >= `target` and offset >= `minOffset`, searching the segments in
 * order (Kafka's fetchOffsetByTimestamp for a real timestamp). Null when every record is older.
 */
export function findOffsetByTimestamp(
  segments: readonly LogSegment[],
  target: number,
  minOffset: number,
): TimestampAndOffset | null {
  for (const segment of segments) {
    if (segment.maxTimestampSoFar < target) continue;
    const hint = segment.timeIndex.lookup(target);
    const from = segment.offsetIndex.lookup(Math.max(hint.offset, minOffset)).position;
    const found = scanSegment(
      segment,
      from,
      (buf, at) => maxTimestampAt(buf, at) >= target,
      (r) => r.timestamp >= target && r.offset >= minOffset,
    );
    if (found) return found;
  }
  return null;
}

/** KIP-734: the record with the largest timestamp (the first such record), or null if none has one. */
export function findMaxTimestamp(segments: readonly LogSegment[]): TimestampAndOffset | null {
  let best: LogSegment | undefined;
  for (const s of segments)
    if (s.maxTimestampSoFar >= 0 && s.maxTimestampSoFar > (best?.maxTimestampSoFar ?? -1)) best = s;
  if (!best) return null;
  const ts = best.maxTimestampSoFar;
  const from = best.offsetIndex.lookup(best.offsetOfMaxTimestampSoFar).position;
  return scanSegment(
    best,
    from,
    (buf, at) => maxTimestampAt(buf, at) === ts,
    (r) => r.timestamp === ts,
  );
}

function scanSegment(
  segment: LogSegment,
  from: number,
  batchMatches: (buf: Buffer, at: number) => boolean,
  recordMatches: (r: { offset: number; timestamp: number }) => boolean,
): TimestampAndOffset | null {
  const scanner = segment.scan(from);
  while (scanner.next() === 'batch') {
    if (!batchMatches(scanner.buf, scanner.at) || !scanner.loadWhole()) continue;
    const { buf, at, size } = scanner;
    const leaderEpoch = leaderEpochAt(buf, at);
    if (isLogAppendTimeAt(buf, at)) {
      // Every record of a LogAppendTime batch carries the batch's timestamp.
      const probe = { offset: baseOffsetAt(buf, at), timestamp: maxTimestampAt(buf, at) };
      if (recordMatches(probe)) return { ...probe, leaderEpoch };
    }
    let found: TimestampAndOffset | null = null;
    walkRecords(buf, at, at + size, (r) => {
      if (!recordMatches(r)) return true;
      found = { offset: r.offset, timestamp: r.timestamp, leaderEpoch };
      return false;
    });
    if (found) return found;
  }
  return null;
}
