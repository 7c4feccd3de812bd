import {
  baseOffsetAt,
  crcMatches,
  lastOffsetAt,
  lastOffsetDeltaAt,
  leaderEpochAt,
  recordCountAt,
} from '@samsa/protocol';
import type { LeaderEpochCache } from '../epoch/leader-epoch-cache.js';
import type { LogSegment } from './log-segment.js';

export interface SegmentRecovery {
  /** Bytes cut from the end of the file because they were not a valid batch. */
  truncatedBytes: number;
  /** Offset after the last valid batch (the segment's base offset if none). */
  nextOffset: number;
}

const RECOVERY_CHUNK = 1024 * 1024;
const INT32_MAX = 0x7fffffff;

/**
 * Kafka's LogSegment.recover: rebuilds the segment's indexes from its batches, checking each one
 * fully (framing, magic 2, CRC-32C, offsets increasing and within the segment's int32 range), and
 * truncates the file at the first batch that fails — a torn write after a crash, or garbage. Nothing
 * after that point is ever served. Epochs of the batches seen are added to the leader epoch cache.
 */
export function recoverSegment(segment: LogSegment, epochCache?: LeaderEpochCache): SegmentRecovery {
  const fileSize = segment.fileSize();
  segment.resetIndexes();
  const scanner = segment.scan(0, RECOVERY_CHUNK, fileSize);
  let validBytes = 0;
  let nextOffset = segment.baseOffset;
  while (scanner.next() === 'batch' && scanner.loadWhole()) {
    const { buf, at, size } = scanner;
    if (!crcMatches(buf, at, at + size)) break;
    const base = baseOffsetAt(buf, at);
    const last = lastOffsetAt(buf, at);
    if (base < nextOffset || lastOffsetDeltaAt(buf, at) < 0 || recordCountAt(buf, at) < 0) break;
    if (last - segment.baseOffset > INT32_MAX) break;
    segment.indexBatch(buf, at, scanner.position, size);
    const epoch = leaderEpochAt(buf, at);
    if (epochCache && epoch >= 0 && epoch > epochCache.latestEpoch) epochCache.assign(epoch, base);
    nextOffset = last + 1;
    validBytes = scanner.position + size;
  }
  const truncatedBytes = fileSize - validBytes;
  if (truncatedBytes > 0 || segment.size !== validBytes) segment.truncateToPosition(validBytes);
  return { truncatedBytes, nextOffset };
}
