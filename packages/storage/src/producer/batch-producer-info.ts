import {
  BASE_SEQUENCE_OFFSET,
  baseOffsetAt,
  batchSizeAt,
  isControlAt,
  isTransactionalAt,
  lastOffsetAt,
  lastOffsetDeltaAt,
  maxTimestampAt,
  PRODUCER_EPOCH_OFFSET,
  producerIdAt,
} from '@samsa/protocol';
import { walkRecords } from '../record-walk.js';
import { lastSequence } from './producer-state-entry.js';

/** The producer fields of one stored batch, read from its header (and, for markers, its one record). */
export interface BatchProducerInfo {
  producerId: number;
  producerEpoch: number;
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  isTransactional: boolean;
  isControl: boolean;
  /** For transaction markers: true = commit, false = abort; null for other batches. */
  commit: boolean | null;
  /** For transaction markers: the coordinator epoch in the marker's value. */
  coordinatorEpoch: number;
}

/**
 * Reads the producer fields of the batch at buf[pos..]. The whole batch must be in `buf` when it
 * is a control batch (its record says commit or abort); otherwise only the header is read.
 */
export function batchProducerInfo(buf: Buffer, pos: number): BatchProducerInfo {
  const firstSeq = buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET);
  const isControl = isControlAt(buf, pos);
  const info: BatchProducerInfo = {
    producerId: producerIdAt(buf, pos),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    firstSeq,
    lastSeq: lastSequence(firstSeq, lastOffsetDeltaAt(buf, pos)),
    firstOffset: baseOffsetAt(buf, pos),
    lastOffset: lastOffsetAt(buf, pos),
    maxTimestamp: maxTimestampAt(buf, pos),
    isTransactional: isTransactionalAt(buf, pos),
    isControl,
    commit: null,
    coordinatorEpoch: -1,
  };
  if (isControl) readMarker(buf, pos, info);
  return info;
}

/** Control record key: [int16 version][int16 type], type 0 abort, 1 commit; value [int16 version][int32 coordinatorEpoch]. */
function readMarker(buf: Buffer, pos: number, info: BatchProducerInfo): void {
  walkRecords(buf, pos, pos + batchSizeAt(buf, pos), (r) => {
    if (r.keyLength >= 4) {
      const type = r.data.readInt16BE(r.keyOffset + 2);
      if (type === 0 || type === 1) info.commit = type === 1;
      const valueOffset = r.keyOffset + r.keyLength;
      // The value follows the key after its varint length; markers' values are 6 bytes (length byte 12).
      if (r.valueLength >= 6) info.coordinatorEpoch = r.data.readInt32BE(valueOffset + 1 + 2);
    }
    return false;
  });
}
