import type { LogSegment } from './segment/log-segment.js';
import type { Allocate } from './segment/segment-read.js';

export interface FetchDataInfo {
  /** Whole batches as stored, straight from the file. Empty when nothing is readable. */
  records: Buffer;
  /** Base offset of the first batch returned (it may start before the requested offset). */
  firstOffset: number;
}

const EMPTY = Buffer.alloc(0);

/** What a read of a partition log asks for. */
export interface LogReadOptions {
  /** The offset to read from: the batch holding it is the first returned. */
  startOffset: number;
  maxBytes: number;
  /** Exclusive upper bound: the high watermark (or LSO) for consumers, the log end for replicas. */
  limit: number;
  /** A first batch larger than maxBytes is returned whole (Kafka's minOneMessage). */
  minOneBatch: boolean;
  /** Where the bytes are read into (default: a fresh Buffer); the broker passes its buffer pool. */
  allocate?: Allocate;
}

export interface ReadParams extends LogReadOptions {
  /** `limit` here is already clamped to this. */
  logEndOffset: number;
}

/**
 * Kafka's LocalLog.read over the segments that may hold `startOffset` (oldest first): the batch
 * holding the offset is found through the offset index plus a header scan, the end position is the
 * batch holding `limit` when the limit lies inside the segment, and the bytes between come from one
 * read. A segment with nothing at or after the offset (compaction can empty a range) passes the
 * read on to the next one.
 */
export function readSegments(segments: readonly LogSegment[], p: ReadParams): FetchDataInfo {
  const empty = { records: EMPTY, firstOffset: p.startOffset };
  if (p.startOffset >= p.limit) return empty;
  for (const segment of segments) {
    if (segment.baseOffset >= p.limit) break;
    const loc = segment.translateOffset(p.startOffset);
    if (!loc) continue;
    if (loc.lastOffset >= p.limit) return empty;
    const end = p.limit < p.logEndOffset ? segment.translateOffset(p.limit, loc.position) : null;
    const records = segment.readAt({
      position: loc.position,
      maxBytes: p.maxBytes,
      maxPosition: end ? end.position : segment.size,
      minOneBatch: p.minOneBatch,
      allocate: p.allocate,
    });
    return { records, firstOffset: records.length > 0 ? loc.baseOffset : p.startOffset };
  }
  return empty;
}
