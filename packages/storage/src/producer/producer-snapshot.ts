import { join } from 'node:path';
import { crc32c, int64At, writeInt64At } from '@samsa/protocol';
import { StorageError } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import { writeFileReplacing } from '../fs-util.js';
import { fileNamePrefix, offsetFromFileName } from '../segment/segment-files.js';
import type { ProducerStateEntry } from './producer-state-entry.js';

/*
 * Kafka's producer snapshot file, `<offset>.snapshot` beside the segments: the producer state as
 * of `offset` (everything below it applied). Format version 1, big-endian:
 *
 *   int16 version = 1, uint32 crc (CRC-32C of everything after this field), int32 count, then
 *   count × [int64 producerId][int16 epoch][int32 lastSequence][int64 lastOffset]
 *            [int32 offsetDelta][int64 timestamp][int32 coordinatorEpoch][int64 currentTxnFirstOffset]
 *
 * Only each producer's last batch is kept (as in Kafka); retries of older batches after a restart
 * are recognised again once the log tail past the snapshot has been replayed.
 */

export const SNAPSHOT_SUFFIX = '.snapshot';
const VERSION = 1;
const HEADER = 2 + 4 + 4;
const ENTRY = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;

export function snapshotPath(dir: string, offset: number): string {
  return join(dir, `${fileNamePrefix(offset)}${SNAPSHOT_SUFFIX}`);
}

/** Snapshot offsets in the directory, ascending. */
export function listSnapshots(fs: FileSystem, dir: string): number[] {
  const offsets: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith(SNAPSHOT_SUFFIX)) continue;
    const offset = offsetFromFileName(name);
    if (offset !== null) offsets.push(offset);
  }
  return offsets.sort((a, b) => a - b);
}

export function encodeSnapshot(entries: Iterable<ProducerStateEntry>): Buffer {
  const list = [...entries].filter(
    (e) => e.batches.length > 0 || e.currentTxnFirstOffset >= 0 || e.coordinatorEpoch >= 0,
  );
  const buf = Buffer.alloc(HEADER + list.length * ENTRY);
  buf.writeInt16BE(VERSION, 0);
  buf.writeInt32BE(list.length, 6);
  let at = HEADER;
  for (const e of list) {
    const last = e.batches[e.batches.length - 1];
    writeInt64At(buf, at, e.producerId);
    buf.writeInt16BE(e.producerEpoch, at + 8);
    buf.writeInt32BE(last ? last.lastSeq : -1, at + 10);
    writeInt64At(buf, at + 14, last ? last.lastOffset : -1);
    buf.writeInt32BE(last ? last.lastOffset - last.firstOffset : 0, at + 22);
    writeInt64At(buf, at + 26, e.lastTimestamp);
    buf.writeInt32BE(e.coordinatorEpoch, at + 34);
    writeInt64At(buf, at + 38, e.currentTxnFirstOffset);
    at += ENTRY;
  }
  buf.writeUInt32BE(crc32c(buf.subarray(6)), 2);
  return buf;
}

/** Kafka's CorruptSnapshotException: bytes on disk that are not a snapshot this code wrote. */
function corrupt(reason: string): StorageError {
  return new StorageError('CORRUPT_MESSAGE', reason);
}

/** Throws CORRUPT_MESSAGE on a bad version, CRC or length: the caller then ignores the file. */
export function decodeSnapshot(buf: Buffer): ProducerStateEntry[] {
  if (buf.length < HEADER) throw corrupt(`snapshot of ${buf.length} bytes is too short`);
  const version = buf.readInt16BE(0);
  if (version !== VERSION) throw corrupt(`snapshot version ${version} is not ${VERSION}`);
  if (buf.readUInt32BE(2) !== crc32c(buf.subarray(6))) throw corrupt('snapshot fails its CRC check');
  const count = buf.readInt32BE(6);
  if (count < 0 || buf.length !== HEADER + count * ENTRY)
    throw corrupt(`snapshot length does not fit ${count} entries`);
  const entries: ProducerStateEntry[] = [];
  for (let i = 0, at = HEADER; i < count; i++, at += ENTRY) {
    const lastSeq = buf.readInt32BE(at + 10);
    const lastOffset = int64At(buf, at + 14);
    const delta = buf.readInt32BE(at + 22);
    const timestamp = int64At(buf, at + 26);
    entries.push({
      producerId: int64At(buf, at),
      producerEpoch: buf.readInt16BE(at + 8),
      batches:
        lastOffset < 0
          ? []
          : [
              {
                firstSeq: lastSeq < 0 ? -1 : Math.max(0, lastSeq - delta),
                lastSeq,
                firstOffset: lastOffset - delta,
                lastOffset,
                timestamp,
              },
            ],
      coordinatorEpoch: buf.readInt32BE(at + 34),
      lastTimestamp: timestamp,
      currentTxnFirstOffset: int64At(buf, at + 38),
    });
  }
  return entries;
}

/**
 * Written at every segment roll, on the append path, so not fsynced (as Kafka defers its flush): a
 * snapshot lost or torn in a machine crash fails its CRC on load, and the state is rebuilt from an
 * older snapshot plus the log.
 */
export function writeSnapshot(
  fs: FileSystem,
  dir: string,
  offset: number,
  entries: Iterable<ProducerStateEntry>,
): void {
  writeFileReplacing(fs, snapshotPath(dir, offset), encodeSnapshot(entries));
}

export function deleteSnapshot(fs: FileSystem, dir: string, offset: number): void {
  fs.rmSync(snapshotPath(dir, offset), { force: true });
}
