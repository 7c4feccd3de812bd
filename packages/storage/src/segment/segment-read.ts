import { batchSizeAt, RECORD_BATCH_OVERHEAD } from '@samsa/protocol';
import type { FileSystem } from '../fs/file-system.js';
import { readFully } from '../fs-util.js';

/** Where read bytes land: by default a fresh Buffer; the broker passes its buffer pool. */
export type Allocate = (size: number) => Buffer;

/** A read of whole batches from a segment file. */
export interface SegmentReadOptions {
  /** File position of the first batch. */
  position: number;
  maxBytes: number;
  /** A batch boundary the read stops at: the segment end, or the batch holding the high watermark. */
  maxPosition: number;
  minOneBatch: boolean;
  allocate?: Allocate;
}

/**
 * The read path's one copy: whole batches from `position` of a segment file, up to `maxBytes` and
 * `maxPosition` (a batch boundary: the segment end, or the batch holding the high watermark),
 * read with one readSync into one Buffer from `allocate`. A batch cut by maxBytes is left out; with
 * `minOneBatch` a first batch larger than maxBytes is read whole instead (Kafka's minOneMessage),
 * so a consumer can always make progress.
 */
export function readBatches(fs: FileSystem, fd: number, o: SegmentReadOptions): Buffer {
  const { position, maxBytes, maxPosition, minOneBatch, allocate = Buffer.allocUnsafe } = o;
  const available = maxPosition - position;
  if (available <= 0) return Buffer.alloc(0);
  const want = Math.min(Math.max(maxBytes, RECORD_BATCH_OVERHEAD), available);
  let buf = allocate(want);
  const got = readFully(fs, fd, buf, 0, buf.length, position);
  let cut = 0;
  while (cut + RECORD_BATCH_OVERHEAD <= got) {
    const size = batchSizeAt(buf, cut);
    if (cut + size > got || cut + size > maxBytes) break;
    cut += size;
  }
  if (cut === 0 && minOneBatch && got >= RECORD_BATCH_OVERHEAD) {
    const size = batchSizeAt(buf, 0);
    if (size <= available) {
      buf = allocate(size);
      cut = readFully(fs, fd, buf, 0, buf.length, position) === size ? size : 0;
    }
  }
  return buf.subarray(0, cut);
}
