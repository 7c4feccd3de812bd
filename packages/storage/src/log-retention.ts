import type { LogSegment } from './segment/log-segment.js';

/*
 * Which segments retention may delete (Kafka's UnifiedLog.deletableSegments and its three
 * predicates). Segments are considered oldest first and selection stops at the first one that must
 * stay, so the log always remains a contiguous suffix. A segment is only deletable once the high
 * watermark has passed its end, so nothing a consumer may still be reading uncommitted goes away, and
 * an empty active segment is never deleted.
 */

export type RetentionPredicate = (segment: LogSegment, next: LogSegment | undefined) => boolean;

export interface RetentionBounds {
  highWatermark: number;
  logEndOffset: number;
}

export function deletableSegments(
  segments: readonly LogSegment[],
  bounds: RetentionBounds,
  predicate: RetentionPredicate,
): LogSegment[] {
  const out: LogSegment[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as LogSegment;
    const next = segments[i + 1];
    const upperBound = next ? next.baseOffset : bounds.logEndOffset;
    const isLastAndEmpty = next === undefined && segment.size === 0;
    if (isLastAndEmpty || bounds.highWatermark < upperBound || !predicate(segment, next)) break;
    out.push(segment);
  }
  return out;
}

/** retention.ms: the segment's newest record is older than the limit (-1 keeps forever). */
export function retentionMsBreached(now: number, retentionMs: number): RetentionPredicate | null {
  if (retentionMs < 0) return null;
  return (segment) => now - segment.largestTimestamp > retentionMs;
}

/** retention.bytes: delete oldest segments while the log would still be at least the limit without them. */
export function retentionSizeBreached(logSize: number, retentionBytes: number): RetentionPredicate | null {
  if (retentionBytes < 0 || logSize < retentionBytes) return null;
  let excess = logSize - retentionBytes;
  return (segment) => {
    if (excess - segment.size < 0) return false;
    excess -= segment.size;
    return true;
  };
}

/** Segments wholly below the log start offset (after DeleteRecords or a start-offset increment). */
export function logStartOffsetBreached(logStartOffset: number): RetentionPredicate {
  return (_segment, next) => next !== undefined && next.baseOffset <= logStartOffset;
}
