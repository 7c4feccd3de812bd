/**
 * Kafka's __transaction_state records, so a log written by either can be read by the other.
 *   key:   [int16 version 0][string transactionalId]
 *   value: [int16 version 0][int64 producerId][int16 producerEpoch][int32 transactionTimeoutMs]
 *          [int8 state][int32 n, -1 = null] n × ([string topic][int32 m] m × [int32 partition])
 *          [int64 lastUpdateTimestampMs][int64 startTimestampMs]
 * A null value (tombstone) removes an expired transactional id. Value version 1 (flexible, Kafka
 * 4's transaction protocol v2) is not read: such records are skipped with a warning.
 */
import { ProtocolError, Reader, Writer } from '@samsa/protocol';
import type { TxnMetadata, TxnPartition, TxnState } from './txn-metadata.js';

export function encodeTxnKey(transactionalId: string): Buffer {
  const w = new Writer(64);
  w.int16(0);
  w.string(transactionalId);
  return Buffer.from(w.toBuffer());
}

export function encodeTxnValue(m: TxnMetadata): Buffer {
  const byTopic = new Map<string, number[]>();
  for (const p of m.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  const w = new Writer(64 + m.partitions.length * 8);
  w.int16(0);
  w.int64(BigInt(m.producerId));
  w.int16(m.producerEpoch);
  w.int32(m.txnTimeoutMs);
  w.int8(m.state);
  w.int32(byTopic.size);
  for (const [topic, ps] of byTopic) {
    w.string(topic);
    w.int32(ps.length);
    for (const p of ps) w.int32(p);
  }
  w.int64(BigInt(m.txnLastUpdateTimestamp));
  w.int64(BigInt(m.txnStartTimestamp));
  return Buffer.from(w.toBuffer());
}

/** The transactional id of a key, or null for key versions this broker does not know. */
export function decodeTxnKey(key: Buffer): string | null {
  const r = new Reader(key);
  return r.int16() === 0 ? r.string() : null;
}

/** Throws a ProtocolError on a value version other than 0 or malformed bytes. */
export function decodeTxnValue(transactionalId: string, value: Buffer): TxnMetadata {
  const r = new Reader(value);
  const version = r.int16();
  if (version !== 0) {
    throw new ProtocolError('UNSUPPORTED_VERSION', `transaction log value version ${version} is not supported`);
  }
  const producerId = Number(r.int64());
  const producerEpoch = r.int16();
  const txnTimeoutMs = r.int32();
  const state = r.int8() as TxnState;
  const partitions: TxnPartition[] = [];
  const n = r.int32();
  for (let i = 0; i < n; i++) {
    const topic = r.string();
    const m = r.int32();
    for (let j = 0; j < m; j++) partitions.push({ topic, partition: r.int32() });
  }
  const txnLastUpdateTimestamp = Number(r.int64());
  const txnStartTimestamp = Number(r.int64());
  return {
    transactionalId,
    producerId,
    producerEpoch,
    txnTimeoutMs,
    state,
    partitions,
    txnStartTimestamp,
    txnLastUpdateTimestamp,
  };
}
