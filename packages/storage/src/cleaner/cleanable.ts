import { isCompacted } from '../log-config.js';
import type { PartitionLog } from '../partition-log.js';
import type { LogSegment } from '../segment/log-segment.js';

/** The part of a compacted log the cleaner may work on, and how dirty it is. */
export interface CleanableRange {
  log: PartitionLog;
  /** Where the last cleaning stopped (cleaner-offset-checkpoint), or the log start. */
  firstDirtyOffset: number;
  /** The cleaner never reaches the active segment, the high watermark, or data younger than min.compaction.lag.ms. */
  firstUncleanableOffset: number;
  cleanBytes: number;
  dirtyBytes: number;
  dirtyRatio: number;
  /** max.compaction.lag.ms has passed for the oldest dirty data. */
  overdue: boolean;
}

/**
 * Kafka's LogCleanerManager.cleanableOffsets and dirty ratio. `checkpoint` is the stored first dirty
 * offset; one outside the log (after DeleteRecords or a truncation) restarts at the log start.
 */
export function cleanableRange(log: PartitionLog, checkpoint: number | undefined, now: number): CleanableRange | null {
  if (log.isClosed || !isCompacted(log.config)) return null;
  const segments = log.localLog.segments.all();
  const active = segments.at(-1) as LogSegment;
  let firstDirty = checkpoint ?? log.logStartOffset;
  if (firstDirty < log.logStartOffset || firstDirty > log.logEndOffset) firstDirty = log.logStartOffset;

  let firstUncleanable = Math.min(active.baseOffset, log.lastStableOffset);
  const minLag = log.config['min.compaction.lag.ms'];
  if (minLag > 0) {
    for (const s of segments) {
      if (s === active || s.baseOffset < floorBase(segments, firstDirty)) continue;
      if (s.largestTimestamp > now - minLag) {
        firstUncleanable = Math.min(firstUncleanable, s.baseOffset);
        break;
      }
    }
  }
  firstDirty = Math.min(firstDirty, firstUncleanable);

  let cleanBytes = 0;
  let dirtyBytes = 0;
  let firstDirtySegment: LogSegment | undefined;
  for (const s of segments) {
    if (s.baseOffset >= firstUncleanable) break;
    if (s.baseOffset < floorBase(segments, firstDirty)) cleanBytes += s.size;
    else {
      dirtyBytes += s.size;
      firstDirtySegment ??= s;
    }
  }
  const total = cleanBytes + dirtyBytes;
  const maxLag = log.config['max.compaction.lag.ms'];
  const firstTs = firstDirtySegment?.firstTimestamp ?? -1;
  return {
    log,
    firstDirtyOffset: firstDirty,
    firstUncleanableOffset: firstUncleanable,
    cleanBytes,
    dirtyBytes,
    dirtyRatio: total === 0 ? 0 : dirtyBytes / total,
    overdue: dirtyBytes > 0 && Number.isFinite(maxLag) && firstTs >= 0 && now - firstTs > maxLag,
  };
}

/** Base offset of the segment holding `offset` (segments are whole units of cleaning). */
function floorBase(segments: readonly LogSegment[], offset: number): number {
  let base = segments[0]?.baseOffset ?? 0;
  for (const s of segments) {
    if (s.baseOffset > offset) break;
    base = s.baseOffset;
  }
  return base;
}
