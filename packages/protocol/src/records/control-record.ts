import { ProtocolError } from '../errors/protocol-error.js';
import { NO_SEQUENCE } from './batch-layout.js';
import { CompressionType } from './compression/compression-type.js';
import { encodeRecordBatch } from './record-batch.js';

/*
 * Control batches (attribute bit 5) hold one record whose key is [version int16, type int16] and
 * whose value depends on the type. Transaction markers (Abort/Commit) have the value
 * [version int16, coordinatorEpoch int32]. Readers must accept longer keys and values than they
 * know (later versions append fields), as Kafka's do.
 */

export enum ControlRecordType {
  Abort = 0,
  Commit = 1,
  // KRaft control records, listed so they can be recognised; Samsa does not write them.
  LeaderChange = 2,
  SnapshotHeader = 3,
  SnapshotFooter = 4,
  KRaftVersion = 5,
  KRaftVoters = 6,
}

export const CONTROL_KEY_SIZE = 4;
export const END_TXN_MARKER_VALUE_SIZE = 6;

export interface ControlRecordKey {
  version: number;
  /** A ControlRecordType, or an unknown id from a newer broker. */
  type: number;
}

export interface EndTxnMarker {
  version: number;
  coordinatorEpoch: number;
}

export function encodeControlRecordKey(type: ControlRecordType, version = 0): Buffer {
  const b = Buffer.allocUnsafe(CONTROL_KEY_SIZE);
  b.writeInt16BE(version, 0);
  b.writeInt16BE(type, 2);
  return b;
}

export function decodeControlRecordKey(key: Buffer | null): ControlRecordKey {
  if (key === null || key.length < CONTROL_KEY_SIZE) {
    throw new ProtocolError('CORRUPT_RECORD', `control record key of ${key?.length ?? 'null'} bytes, need 4`);
  }
  const version = key.readInt16BE(0);
  if (version < 0) throw new ProtocolError('CORRUPT_RECORD', `control record key version ${version}`);
  return { version, type: key.readInt16BE(2) };
}

export function encodeEndTxnMarker(coordinatorEpoch: number, version = 0): Buffer {
  const b = Buffer.allocUnsafe(END_TXN_MARKER_VALUE_SIZE);
  b.writeInt16BE(version, 0);
  b.writeInt32BE(coordinatorEpoch, 2);
  return b;
}

export function decodeEndTxnMarker(value: Buffer | null): EndTxnMarker {
  if (value === null || value.length < END_TXN_MARKER_VALUE_SIZE) {
    throw new ProtocolError('CORRUPT_RECORD', `transaction marker value of ${value?.length ?? 'null'} bytes, need 6`);
  }
  const version = value.readInt16BE(0);
  if (version < 0) throw new ProtocolError('CORRUPT_RECORD', `transaction marker version ${version}`);
  return { version, coordinatorEpoch: value.readInt32BE(2) };
}

export interface EndTxnMarkerBatchInput {
  type: ControlRecordType.Abort | ControlRecordType.Commit;
  producerId: bigint;
  producerEpoch: number;
  coordinatorEpoch: number;
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
  /** Default Date.now(). */
  timestamp?: number;
}

/** The batch a partition leader appends to commit or abort a producer's transaction. */
export function encodeEndTxnMarkerBatch(input: EndTxnMarkerBatchInput): Buffer {
  return encodeRecordBatch({
    baseOffset: input.baseOffset,
    partitionLeaderEpoch: input.partitionLeaderEpoch,
    compression: CompressionType.None,
    isTransactional: true,
    isControl: true,
    producerId: input.producerId,
    producerEpoch: input.producerEpoch,
    baseSequence: NO_SEQUENCE,
    records: [
      {
        key: encodeControlRecordKey(input.type),
        value: encodeEndTxnMarker(input.coordinatorEpoch),
        timestamp: input.timestamp ?? Date.now(),
      },
    ],
  });
}
