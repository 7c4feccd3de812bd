/**
 * Kafka's __transaction_state records, so a log written by either can be read by the other.
 *   key:   [int16 version 0][string transactionalId]
 *   value: [int16 version 0][int64 producerId][int16 producerEpoch][int32 transactionTimeoutMs]
 *          [int8 state][int32 n, -1 = null] n × ([string topic][int32 m] m × [int32 partition])
 *          [int64 lastUpdateTimestampMs][int64 startTimestampMs]
 * A null value (tombstone) removes an expired transactional id. Value version 1 (flexible, Kafka
 * 4's transaction protocol v2) is not read: such records are skipped with a warning.
 */
import { ProtocolError } from '@samsa/protocol';
import type { TxnMetadata, TxnPartition, TxnState } from './txn-metadata.js';

export interface TxnLogRecord {
  transactionalId: string;
  /** null: the id expired. */
  value: TxnMetadata | null;
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const out = Buffer.alloc(2 + b.length);
  out.writeInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
}

function i64(v: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(v));
  return b;
}

export function encodeTxnKey(transactionalId: string): Buffer {
  return Buffer.concat([Buffer.from([0, 0]), str(transactionalId)]);
}

export function encodeTxnValue(m: TxnMetadata): Buffer {
  const byTopic = new Map<string, number[]>();
  for (const p of m.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  const head = Buffer.alloc(2 + 8 + 2 + 4 + 1 + 4);
  head.writeInt16BE(0, 0);
  head.writeBigInt64BE(BigInt(m.producerId), 2);
  head.writeInt16BE(m.producerEpoch, 10);
  head.writeInt32BE(m.txnTimeoutMs, 12);
  head.writeInt8(m.state, 16);
  head.writeInt32BE(byTopic.size, 17);
  const parts: Buffer[] = [head];
  for (const [topic, ps] of byTopic) {
    parts.push(str(topic));
    const b = Buffer.alloc(4 + 4 * ps.length);
    b.writeInt32BE(ps.length, 0);
    ps.forEach((p, i) => {
      b.writeInt32BE(p, 4 + 4 * i);
    });
    parts.push(b);
  }
  parts.push(i64(m.txnLastUpdateTimestamp), i64(m.txnStartTimestamp));
  return Buffer.concat(parts);
}

class Cursor {
  at = 0;
  constructor(readonly buf: Buffer) {}
  i8 = () => this.take(1, (a) => this.buf.readInt8(a));
  i16 = () => this.take(2, (a) => this.buf.readInt16BE(a));
  i32 = () => this.take(4, (a) => this.buf.readInt32BE(a));
  i64 = () => this.take(8, (a) => Number(this.buf.readBigInt64BE(a)));
  str = (): string => {
    const n = this.i16();
    if (n < 0) throw new ProtocolError('INVALID_VALUE', 'null string in a transaction log record');
    return this.take(n, (a) => this.buf.toString('utf8', a, a + n));
  };
  private take<T>(n: number, read: (at: number) => T): T {
    if (this.at + n > this.buf.length) throw new ProtocolError('TRUNCATED', 'transaction log record is truncated');
    const v = read(this.at);
    this.at += n;
    return v;
  }
}

/** The transactional id of a key, or null for key versions this broker does not know. */
export function decodeTxnKey(key: Buffer): string | null {
  const c = new Cursor(key);
  return c.i16() === 0 ? c.str() : null;
}

/** Throws on a value version other than 0 or malformed bytes. */
export function decodeTxnValue(transactionalId: string, value: Buffer): TxnMetadata {
  const c = new Cursor(value);
  const version = c.i16();
  if (version !== 0)
    throw new ProtocolError('INVALID_VALUE', `transaction log value version ${version} is not supported`);
  const producerId = c.i64();
  const producerEpoch = c.i16();
  const txnTimeoutMs = c.i32();
  const state = c.i8() as TxnState;
  const partitions: TxnPartition[] = [];
  const n = c.i32();
  for (let i = 0; i < n; i++) {
    const topic = c.str();
    const m = c.i32();
    for (let j = 0; j < m; j++) partitions.push({ topic, partition: c.i32() });
  }
  const txnLastUpdateTimestamp = c.i64();
  const txnStartTimestamp = c.i64();
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
