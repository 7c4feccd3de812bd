/**
 * Owns the partitions hosted by this broker and every read and write of their logs: appends from
 * producers (after converting legacy message sets), reads for fetchers, offsets lookups, record
 * deletion. Appends notify the fetch purgatory so waiting consumers wake up at once.
 *
 * All log access happens on the event loop: the storage layer's append and read are synchronous,
 * so an append is atomic with respect to other requests and producers on one connection are
 * appended in the order they sent.
 */
import { convertToRecordBatchV2, ErrorCode, KafkaError, MAGIC_OFFSET, MAGIC_V2 } from '@samsa/protocol';
import { type Allocate, type AppendOrigin, type LogConfig, type LogManager, StorageError } from '@samsa/storage';
import type { DelayedFetch } from '../fetch/delayed-fetch.js';
import type { Logger } from '../logger.js';
import { Purgatory } from '../purgatory/delayed-operation.js';
import { Partition, partitionKey } from './partition.js';

export interface AppendResult {
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
}

export interface ReadResult {
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  records: Buffer | null;
  /** Read-committed reads: the aborted transactions overlapping what was read (KIP-98). */
  abortedTransactions?: Array<{ producerId: number; firstOffset: number }>;
}

export interface OffsetLookup {
  errorCode: number;
  timestamp: number;
  offset: number;
  leaderEpoch: number;
}

/** ListOffsets' special timestamps. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;
export const MAX_TIMESTAMP = -3;
export const EARLIEST_LOCAL_TIMESTAMP = -4;

export interface EpochEnd {
  errorCode: number;
  leaderEpoch: number;
  endOffset: number;
}

export class ReplicaManager {
  private readonly partitions = new Map<string, Partition>();
  readonly fetchPurgatory = new Purgatory<DelayedFetch>();

  constructor(
    private readonly brokerId: number,
    private readonly logs: LogManager,
    private readonly logger: Logger,
  ) {}

  getPartition(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(partitionKey(topic, partition));
  }

  /** Makes this broker the leader of a partition, creating its log if needed. */
  becomeLeader(topic: string, index: number, topicId: string, config: LogConfig, replicas: number[]): Partition {
    const existing = this.getPartition(topic, index);
    if (existing) return existing;
    const log = this.logs.getOrCreateLog(topic, index, config);
    // Single node: this broker is the only replica, so its log end is the high watermark.
    log.highWatermark = log.logEndOffset;
    const p = new Partition(topic, index, topicId, log, this.brokerId, 0, replicas, [this.brokerId]);
    this.partitions.set(p.key, p);
    return p;
  }

  async removePartition(topic: string, index: number): Promise<void> {
    const key = partitionKey(topic, index);
    if (!this.partitions.delete(key)) return;
    this.fetchPurgatory.checkAndComplete(key);
    await this.logs.deleteLog(topic, index);
  }

  updateTopicConfig(topic: string, config: LogConfig): void {
    this.logs.updateConfig(topic, config);
  }

  partitionsOf(topic: string): Partition[] {
    return [...this.partitions.values()].filter((p) => p.topic === topic);
  }

  /**
   * The partition, if this broker leads it in the epoch the client believes in (-1: any epoch).
   * A client behind us gets FENCED_LEADER_EPOCH, one ahead of us UNKNOWN_LEADER_EPOCH (KIP-320).
   */
  private leaderPartition(topic: string, index: number, currentLeaderEpoch = -1): Partition {
    const p = this.getPartition(topic, index);
    if (!p) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    if (currentLeaderEpoch >= 0 && currentLeaderEpoch < p.leaderEpoch)
      throw new KafkaError(ErrorCode.FENCED_LEADER_EPOCH);
    if (currentLeaderEpoch > p.leaderEpoch) throw new KafkaError(ErrorCode.UNKNOWN_LEADER_EPOCH);
    if (!p.isLeader(this.brokerId)) throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    return p;
  }

  /** DeleteRecords: moves the log start offset; -1 means up to the high watermark. */
  deleteRecords(topic: string, index: number, offset: number): { errorCode: number; lowWatermark: number } {
    try {
      const p = this.leaderPartition(topic, index);
      const target = offset === -1 ? p.log.highWatermark : offset;
      if (target < 0 || target > p.log.highWatermark) throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE);
      p.log.deleteRecordsBefore(target);
      return { errorCode: ErrorCode.NONE, lowWatermark: p.log.logStartOffset };
    } catch (err) {
      return { errorCode: toKafkaFailure(err, this.logger).code, lowWatermark: -1 };
    }
  }

  endOffsetForEpoch(topic: string, index: number, currentLeaderEpoch: number, leaderEpoch: number): EpochEnd {
    try {
      const p = this.leaderPartition(topic, index, currentLeaderEpoch);
      const r = p.log.endOffsetForEpoch(leaderEpoch);
      return { errorCode: ErrorCode.NONE, leaderEpoch: r.epoch, endOffset: r.endOffset };
    } catch (err) {
      return { errorCode: toKafkaFailure(err, this.logger).code, leaderEpoch: -1, endOffset: -1 };
    }
  }

  /** ListOffsets for one partition: a special timestamp or the first offset at or after `timestamp`. */
  listOffset(
    topic: string,
    index: number,
    timestamp: number,
    readCommitted: boolean,
    currentLeaderEpoch: number,
  ): OffsetLookup {
    try {
      const p = this.leaderPartition(topic, index, currentLeaderEpoch);
      const log = p.log;
      const found = (offset: number, ts = -1): OffsetLookup => ({
        errorCode: ErrorCode.NONE,
        offset,
        timestamp: ts,
        leaderEpoch: p.leaderEpoch,
      });
      switch (timestamp) {
        case LATEST_TIMESTAMP:
          return found(readCommitted ? log.lastStableOffset : log.highWatermark);
        case EARLIEST_TIMESTAMP:
        case EARLIEST_LOCAL_TIMESTAMP:
          return found(log.logStartOffset);
        case MAX_TIMESTAMP: {
          const m = log.maxTimestampOffset();
          return m ? found(m.offset, m.timestamp) : found(-1);
        }
        default: {
          const hit = log.offsetForTimestamp(timestamp);
          const limit = readCommitted ? log.lastStableOffset : log.highWatermark;
          return hit && hit.offset < limit ? found(hit.offset, hit.timestamp) : found(-1);
        }
      }
    } catch (err) {
      return { errorCode: toKafkaFailure(err, this.logger).code, offset: -1, timestamp: -1, leaderEpoch: -1 };
    }
  }

  /** `origin` 'coordinator' is the transaction coordinator writing commit/abort markers. */
  appendRecords(
    topic: string,
    index: number,
    records: Buffer | null,
    acks: number,
    now: number,
    origin: AppendOrigin = 'client',
  ): AppendResult {
    try {
      const p = this.leaderPartition(topic, index);
      if (records === null || records.length === 0) {
        throw new KafkaError(ErrorCode.INVALID_RECORD, 'Produce request carries no records');
      }
      if (acks === -1 && p.isr.length < p.log.config['min.insync.replicas']) {
        throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS);
      }
      const batches = this.toRecordBatchV2(records);
      const info = p.log.appendAsLeader(batches, p.leaderEpoch, now, origin);
      p.log.highWatermark = p.log.logEndOffset;
      this.fetchPurgatory.checkAndComplete(p.key);
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        baseOffset: info.firstOffset,
        logAppendTimeMs: info.logAppendTime,
        logStartOffset: info.logStartOffset,
      };
    } catch (err) {
      const { code, message } = toKafkaFailure(err, this.logger);
      return { errorCode: code, errorMessage: message, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
    }
  }

  /** Old clients (Produce v0-2) send message sets of magic 0 or 1; the log stores magic 2 only. */
  private toRecordBatchV2(records: Buffer): Buffer {
    if (records.length <= MAGIC_OFFSET) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'record set too short');
    const magic = records.readInt8(MAGIC_OFFSET);
    if (magic === MAGIC_V2) return records;
    if (magic !== 0 && magic !== 1) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `unknown magic ${magic}`);
    try {
      return convertToRecordBatchV2(records);
    } catch (err) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, (err as Error).message);
    }
  }

  read(
    topic: string,
    index: number,
    fetchOffset: number,
    maxBytes: number,
    minOneBatch: boolean,
    readCommitted: boolean,
    allocate?: Allocate,
  ): ReadResult {
    try {
      const p = this.leaderPartition(topic, index);
      const log = p.log;
      const upTo = readCommitted ? log.lastStableOffset : log.highWatermark;
      const { records } = log.read(fetchOffset, maxBytes, upTo, minOneBatch, allocate);
      return {
        errorCode: ErrorCode.NONE,
        highWatermark: log.highWatermark,
        lastStableOffset: log.lastStableOffset,
        logStartOffset: log.logStartOffset,
        records,
        abortedTransactions:
          readCommitted && records.length > 0 ? log.abortedTransactions(fetchOffset, upTo) : undefined,
      };
    } catch (err) {
      const { code } = toKafkaFailure(err, this.logger);
      const p = this.getPartition(topic, index);
      return {
        errorCode: code,
        highWatermark: p ? p.log.highWatermark : -1,
        lastStableOffset: p ? p.log.lastStableOffset : -1,
        logStartOffset: p ? p.log.logStartOffset : -1,
        records: null,
      };
    }
  }
}

/** Maps whatever a log operation threw to a Kafka error code (and logs the unexpected). */
export function toKafkaFailure(err: unknown, logger: Logger): { code: number; message: string | null } {
  if (err instanceof KafkaError) return { code: err.code, message: err.message };
  if (err instanceof StorageError) {
    const code = (ErrorCode as Record<string, number>)[err.code] ?? ErrorCode.UNKNOWN_SERVER_ERROR;
    return { code, message: err.message };
  }
  logger.error({ err: (err as Error)?.stack ?? String(err) }, 'unexpected error in the replica manager');
  return { code: ErrorCode.KAFKA_STORAGE_ERROR, message: null };
}
