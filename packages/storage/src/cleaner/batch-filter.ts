import {
  attributesAt,
  baseTimestampAt,
  DELETE_HORIZON_MASK,
  type DecodedRecord,
  decodeRecordBatch,
  encodeRecordBatch,
  isControlAt,
  isTransactionalAt,
  TimestampType,
} from '@samsa/protocol';
import { walkRecords } from '../record-walk.js';
import type { OffsetMap } from './offset-map.js';

export interface FilterContext {
  map: OffsetMap;
  now: number;
  deleteRetentionMs: number;
  /** Earliest delete horizon of a tombstone kept so far (Infinity if none): when to clean again. */
  nextTombstoneHorizon: number;
}

export type FilterOutcome = { kind: 'keep' } | { kind: 'drop' } | { kind: 'rewrite'; bytes: Buffer };

/**
 * Kafka's MemoryRecords.filterTo for one batch. A record is kept unless a later record in the
 * dirty section has the same key, it has no key, or it is a tombstone whose delete horizon has
 * passed. Delete horizons follow KIP-534: the first cleaning that keeps a tombstone stamps its batch
 * with horizon = now + delete.retention.ms (the delete-horizon attribute, the horizon as base
 * timestamp); a later cleaning after the horizon drops it. Batches that keep every record and need
 * no horizon are copied byte for byte; only the others are decoded and re-encoded, with their
 * original codec, offsets, epoch and producer fields. Control and transactional batches are kept
 * as they are (transactions are not supported yet).
 */
export function filterBatch(buf: Buffer, at: number, end: number, ctx: FilterContext): FilterOutcome {
  if (isControlAt(buf, at) || isTransactionalAt(buf, at)) return { kind: 'keep' };
  const horizon = attributesAt(buf, at) & DELETE_HORIZON_MASK ? baseTimestampAt(buf, at) : -1;
  let total = 0;
  let kept = 0;
  let tombstones = 0;
  walkRecords(buf, at, end, (r) => {
    total++;
    const key = r.keyLength < 0 ? null : r.data.subarray(r.keyOffset, r.keyOffset + r.keyLength);
    if (retain(key, r.offset, r.valueLength < 0, horizon, ctx)) {
      kept++;
      if (r.valueLength < 0) tombstones++;
    }
    return true;
  });
  const needsHorizon = tombstones > 0 && horizon < 0 && Number.isFinite(ctx.deleteRetentionMs);
  if (kept === 0) return { kind: 'drop' };
  if (kept === total && !needsHorizon) {
    if (tombstones > 0 && horizon >= 0) ctx.nextTombstoneHorizon = Math.min(ctx.nextTombstoneHorizon, horizon);
    return { kind: 'keep' };
  }
  return { kind: 'rewrite', bytes: rewrite(buf, at, horizon, needsHorizon, ctx) };
}

function retain(key: Buffer | null, offset: number, tombstone: boolean, horizon: number, ctx: FilterContext): boolean {
  if (key === null) return false;
  const latest = ctx.map.get(key);
  if (latest >= 0 && offset < latest) return false;
  return !(tombstone && horizon >= 0 && ctx.now > horizon);
}

function rewrite(buf: Buffer, at: number, horizon: number, needsHorizon: boolean, ctx: FilterContext): Buffer {
  const b = decodeRecordBatch(buf, at);
  const records = b.records.filter((r: DecodedRecord) =>
    retain(r.key, Number(r.offset), r.value === null, horizon, ctx),
  );
  const newHorizon = needsHorizon ? ctx.now + ctx.deleteRetentionMs : horizon;
  if (newHorizon >= 0 && records.some((r) => r.value === null)) {
    ctx.nextTombstoneHorizon = Math.min(ctx.nextTombstoneHorizon, newHorizon);
  }
  const logAppendTime = b.timestampType === TimestampType.LogAppendTime;
  return encodeRecordBatch({
    baseOffset: b.baseOffset,
    partitionLeaderEpoch: b.partitionLeaderEpoch,
    compression: b.compression,
    timestampType: logAppendTime ? TimestampType.LogAppendTime : TimestampType.CreateTime,
    isTransactional: b.isTransactional,
    hasDeleteHorizon: newHorizon >= 0,
    producerId: b.producerId,
    producerEpoch: b.producerEpoch,
    baseSequence: b.baseSequence,
    baseTimestamp: newHorizon >= 0 ? newHorizon : (records[0] as DecodedRecord).timestamp,
    maxTimestamp: logAppendTime ? b.maxTimestamp : undefined,
    // Offsets are preserved: the batch still spans its original range.
    lastOffsetDelta: b.lastOffsetDelta,
    records: records.map((r) => ({
      key: r.key,
      value: r.value,
      headers: r.headers,
      timestamp: r.timestamp,
      offsetDelta: Number(r.offset - b.baseOffset),
    })),
  });
}
