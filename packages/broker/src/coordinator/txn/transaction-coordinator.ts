/**
 * The transaction coordinator (Kafka's TransactionCoordinator + TransactionStateManager): owns the
 * state of every transactional id whose __transaction_state partition this broker leads. Each
 * change is written to the log first (one record, synchronously) and applied to memory only by
 * replaying what was written — the same `replay` that loads a partition.
 *
 * Ownership and concurrency: everything here runs on the event loop. Decisions are taken and
 * written in one synchronous step, so the log holds them in the order they were taken. Nothing is
 * acted on — no answer, no marker — before the ISR has the record (`awaitDurable`, acks=-1): a
 * later decision read the earlier one from memory, and the log order means its own durability
 * implies the earlier one's. While markers are written the id sits in Prepare* (requests for it
 * get CONCURRENT_TRANSACTIONS). Timers (timed-out transactions, id expiry) re-read the state.
 *
 * Partitions: on a single node all of them are loaded by start(); in a cluster they load when this
 * broker becomes their leader (onElection, from LeaderAndIsr) and are forgotten when it stops
 * being it (onResignation: NOT_COORDINATOR from then on). A completion in flight stops when its
 * partition moves; the new leader completes it from the log.
 *
 * Ending a transaction: PrepareCommit/PrepareAbort is written (the decision), markers go to every
 * partition of the transaction (TxnMarkerWriter: local appends, or WriteTxnMarkers to the leaders;
 * the marker for a __consumer_offsets partition publishes the offsets the transaction committed
 * there), then CompleteCommit/CompleteAbort. After a load, a decided transaction (Prepare*) is
 * completed; an Ongoing one keeps running until it ends or times out (then it is aborted, epoch
 * bumped).
 */
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { OFFSETS_TOPIC } from '../group/group-partition.js';
import type { OffsetCommitEntry } from '../group/offset-manager.js';
import type { CoordinatorTimer, TimerTask } from '../group/timer.js';
import type { ProducerIdSource } from './producer-id-manager.js';
import type { TxnCoordinatorConfig } from './txn-coordinator-config.js';
import { decodeTxnKey, decodeTxnValue, encodeTxnKey, encodeTxnValue } from './txn-log-record.js';
import type { TxnMarkerWriter } from './txn-marker-writer.js';
import {
  hasPartition,
  isComplete,
  MAX_PRODUCER_EPOCH,
  type TxnMetadata,
  type TxnPartition,
  TxnState,
} from './txn-metadata.js';
import type { TxnOffsetLog } from './txn-offset-log.js';
import type { TxnOffsetGroups } from './txn-offsets.js';
import { type TxnStateLog, txnAppendError } from './txn-state-log.js';
import { partitionForTxn } from './txn-topic.js';

export interface TransactionCoordinatorOptions {
  config: TxnCoordinatorConfig;
  log: TxnStateLog;
  markers: TxnMarkerWriter;
  producerIds: ProducerIdSource;
  groups: Pick<TxnOffsetGroups, 'partitionFor' | 'validate'>;
  /** Where TxnOffsetCommit's offsets wait for their transaction's marker. */
  offsetLog: Pick<TxnOffsetLog, 'append'>;
  partitionExists: (topic: string, partition: number) => boolean;
  timer: CoordinatorTimer;
  logger: Logger;
  /**
   * Creates __transaction_state (as Kafka does on the first transactional request, not at start-up)
   * and resolves with its partition count; rejects while it cannot be created yet.
   */
  createTopic: () => Promise<number>;
  /** Cluster mode: partitions load with leadership (onElection), not all at start(). */
  followsLeadership?: boolean;
}

export interface ProducerIdAndEpoch {
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

/** Who is asking: the producer's id and epoch as it believes them. */
export interface TxnCaller {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
}

/** The caller as the transactional requests (AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit) name it. */
export function txnCaller(r: { transactionalId: string; producerId: bigint; producerEpoch: number }): TxnCaller {
  return { transactionalId: r.transactionalId, producerId: Number(r.producerId), producerEpoch: r.producerEpoch };
}

export class TransactionCoordinator {
  private readonly txns = new Map<string, TxnMetadata>();
  private readonly loaded = new Set<number>();
  /** Transactional ids whose markers are being written: a timer sweep must not start a second completion. */
  private readonly completing = new Set<string>();
  private timers: TimerTask[] = [];
  private stopped = false;
  private started = false;
  private creating: Promise<void> | null = null;
  private readonly cfg: TxnCoordinatorConfig;

  constructor(private readonly opts: TransactionCoordinatorOptions) {
    this.cfg = { ...opts.config };
  }

  /** Whether __transaction_state exists and is loaded (FindCoordinator answers only then). */
  get ready(): boolean {
    return this.started;
  }

  /** Creates and loads __transaction_state if that has not happened yet. */
  ensureReady(): Promise<void> {
    if (this.started) return Promise.resolve();
    this.creating ??= this.opts.createTopic().then(
      (numPartitions) => {
        if (this.stopped) return;
        this.cfg.numPartitions = numPartitions;
        this.start();
      },
      (err) => {
        this.creating = null;
        this.opts.logger.warn({ err: (err as Error).message }, 'cannot create __transaction_state yet');
      },
    );
    return this.creating;
  }

  partitionFor(transactionalId: string): number {
    return partitionForTxn(transactionalId, this.cfg.numPartitions);
  }

  /**
   * __transaction_state exists: loads every partition led here (single node: all of them; cluster:
   * those whose LeaderAndIsr came first), completes decided transactions, starts the timers.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (let p = 0; p < this.cfg.numPartitions; p++) {
      if (this.opts.log.coordinatorEpoch(p) >= 0) this.load(p);
    }
    this.startTimers();
    this.opts.logger.info({ transactionalIds: this.txns.size }, 'transaction coordinator started');
  }

  /** Cluster mode: this broker became leader of a __transaction_state partition; its transactions are ours. */
  onElection(partition: number): void {
    if (this.stopped || !this.opts.followsLeadership) return;
    this.load(partition);
    // A broker that never served a transactional request still sweeps what it now coordinates.
    this.startTimers();
  }

  /** Cluster mode: leadership of the partition moved away; its ids are answered NOT_COORDINATOR now. */
  onResignation(partition: number): void {
    if (!this.loaded.delete(partition)) return;
    let removed = 0;
    for (const id of [...this.txns.keys()]) {
      if (this.partitionFor(id) !== partition) continue;
      this.txns.delete(id);
      removed++;
    }
    this.opts.logger.info({ partition, transactionalIds: removed }, 'unloaded transaction state partition');
  }

  private load(partition: number): void {
    if (this.loaded.has(partition)) return;
    for (const { key, value } of this.opts.log.readAll(partition)) this.replayRaw(key, value);
    this.loaded.add(partition);
    let pending = 0;
    for (const m of [...this.txns.values()]) {
      if (this.partitionFor(m.transactionalId) !== partition) continue;
      if (m.state !== TxnState.PrepareCommit && m.state !== TxnState.PrepareAbort) continue;
      void this.complete(m);
      pending++;
    }
    this.opts.logger.info(
      { partition, coordinatorEpoch: this.opts.log.coordinatorEpoch(partition), completing: pending },
      'loaded transaction state partition',
    );
  }

  private startTimers(): void {
    if (this.timers.length > 0 || this.stopped) return;
    this.every(this.cfg.abortCheckIntervalMs, () => this.abortTimedOut());
    this.every(this.cfg.idExpirationCheckIntervalMs, () => this.expireIds());
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    this.opts.markers.close?.();
  }

  private every(ms: number, fn: () => void): void {
    const run = () => {
      if (this.stopped) return;
      try {
        fn();
      } catch (err) {
        this.opts.logger.error({ err: (err as Error).stack }, 'transaction coordinator timer failed');
      }
      this.timers = this.timers.filter((t) => t !== task);
      task = this.opts.timer.schedule(ms, run);
      this.timers.push(task);
    };
    let task = this.opts.timer.schedule(ms, run);
    this.timers.push(task);
  }

  /** NONE, NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE for a transactional id. */
  coordinatorError(transactionalId: string): number {
    if (this.stopped) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (!this.loaded.has(this.partitionFor(transactionalId))) return ErrorCode.NOT_COORDINATOR;
    return ErrorCode.NONE;
  }

  get(transactionalId: string): TxnMetadata | undefined {
    return this.txns.get(transactionalId);
  }

  all(): TxnMetadata[] {
    return [...this.txns.values()];
  }

  // ---- writing and replaying

  private replayRaw(key: Buffer, value: Buffer | null): void {
    let id: string | null;
    try {
      id = decodeTxnKey(key);
      if (id === null) return;
      if (value === null) {
        this.txns.delete(id);
        return;
      }
      this.replay(decodeTxnValue(id, value));
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'skipping an unreadable __transaction_state record');
    }
  }

  private replay(m: TxnMetadata): void {
    this.txns.set(m.transactionalId, m);
  }

  /** Appends the new state; replays it only if the append succeeded. Returns the client's error code. */
  private write(m: TxnMetadata): number {
    const p = this.partitionFor(m.transactionalId);
    const code = this.opts.log.append(p, encodeTxnKey(m.transactionalId), encodeTxnValue(m), this.opts.timer.now());
    if (code !== ErrorCode.NONE) return txnAppendError(code);
    this.replay(m);
    return ErrorCode.NONE;
  }

  /** NONE once what was written for the id is in the ISR, else what the client should be told. */
  private durable(transactionalId: string): Promise<number> {
    return this.opts.log.awaitDurable(this.partitionFor(transactionalId));
  }

  private remove(transactionalId: string): void {
    const p = this.partitionFor(transactionalId);
    const code = this.opts.log.append(p, encodeTxnKey(transactionalId), null, this.opts.timer.now());
    if (code === ErrorCode.NONE) this.txns.delete(transactionalId);
  }

  // ---- InitProducerId

  async initProducerId(
    transactionalId: string,
    txnTimeoutMs: number,
    producerId: number,
    producerEpoch: number,
  ): Promise<ProducerIdAndEpoch> {
    const fail = (errorCode: number): ProducerIdAndEpoch => ({ errorCode, producerId: -1, producerEpoch: -1 });
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (txnTimeoutMs <= 0 || txnTimeoutMs > this.cfg.maxTimeoutMs) return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    const error = this.coordinatorError(transactionalId);
    if (error !== ErrorCode.NONE) return fail(error);
    const now = this.opts.timer.now();
    let m = this.txns.get(transactionalId);
    if (!m) {
      const fresh = this.emptyState(transactionalId, this.opts.producerIds.next(), 0, txnTimeoutMs, now);
      const code = this.write(fresh) || (await this.durable(transactionalId));
      return code === ErrorCode.NONE ? { errorCode: code, producerId: fresh.producerId, producerEpoch: 0 } : fail(code);
    }
    // KIP-360: a producer re-initialising names its id and epoch; anyone else holding them is a zombie.
    if (producerId >= 0 && (producerId !== m.producerId || producerEpoch !== m.producerEpoch)) {
      return fail(ErrorCode.PRODUCER_FENCED);
    }
    if (m.state === TxnState.PrepareCommit || m.state === TxnState.PrepareAbort) {
      return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
    }
    if (m.state === TxnState.Ongoing) {
      // Fence the previous producer: abort its transaction under a bumped epoch.
      const fenced: TxnMetadata = {
        ...m,
        ...this.bumped(m),
        state: TxnState.PrepareAbort,
        txnLastUpdateTimestamp: now,
      };
      const code = this.write(fenced);
      if (code !== ErrorCode.NONE) return fail(code);
      await this.complete(fenced);
      if (this.coordinatorError(transactionalId) !== ErrorCode.NONE) return fail(ErrorCode.NOT_COORDINATOR);
      m = this.txns.get(transactionalId) as TxnMetadata;
      if (!isComplete(m.state)) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
    }
    const next = this.bumped(m);
    const code =
      this.write(this.emptyState(transactionalId, next.producerId, next.producerEpoch, txnTimeoutMs, now)) ||
      (await this.durable(transactionalId));
    return code === ErrorCode.NONE ? { errorCode: code, ...next } : fail(code);
  }

  private emptyState(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    timeoutMs: number,
    now: number,
  ): TxnMetadata {
    return {
      transactionalId,
      producerId,
      producerEpoch,
      txnTimeoutMs: timeoutMs,
      state: TxnState.Empty,
      partitions: [],
      txnStartTimestamp: -1,
      txnLastUpdateTimestamp: now,
    };
  }

  /** The next epoch, or a new producer id once epochs run out. */
  private bumped(m: TxnMetadata): { producerId: number; producerEpoch: number } {
    if (m.producerEpoch + 1 >= MAX_PRODUCER_EPOCH)
      return { producerId: this.opts.producerIds.next(), producerEpoch: 0 };
    return { producerId: m.producerId, producerEpoch: m.producerEpoch + 1 };
  }

  // ---- AddPartitionsToTxn / AddOffsetsToTxn

  /** Checks the caller against the current state: NONE or the error to answer. */
  private check(c: TxnCaller): { error: number; m?: TxnMetadata } {
    const error = this.coordinatorError(c.transactionalId);
    if (error !== ErrorCode.NONE) return { error };
    const m = this.txns.get(c.transactionalId);
    if (!m || m.producerId !== c.producerId) return { error: ErrorCode.INVALID_PRODUCER_ID_MAPPING };
    if (m.producerEpoch !== c.producerEpoch) return { error: ErrorCode.PRODUCER_FENCED };
    if (m.state === TxnState.PrepareCommit || m.state === TxnState.PrepareAbort) {
      return { error: ErrorCode.CONCURRENT_TRANSACTIONS };
    }
    return { error: ErrorCode.NONE, m };
  }

  /** Error codes aligned with `partitions`. Unknown partitions fail the request, the others are OPERATION_NOT_ATTEMPTED. */
  async addPartitions(c: TxnCaller, partitions: TxnPartition[], verifyOnly = false): Promise<number[]> {
    const { error, m } = this.check(c);
    if (!m) return partitions.map(() => error);
    if (verifyOnly) {
      return partitions.map((p) =>
        m.state === TxnState.Ongoing && hasPartition(m, p.topic, p.partition)
          ? ErrorCode.NONE
          : ErrorCode.INVALID_TXN_STATE,
      );
    }
    const unknown = partitions.map((p) => !this.opts.partitionExists(p.topic, p.partition));
    if (unknown.some(Boolean)) {
      return unknown.map((u) => (u ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED));
    }
    const code = this.addToTxn(m, partitions) || (await this.durable(m.transactionalId));
    return partitions.map(() => code);
  }

  private addToTxn(m: TxnMetadata, partitions: TxnPartition[]): number {
    const added = partitions.filter(
      (p, i) =>
        !hasPartition(m, p.topic, p.partition) &&
        partitions.findIndex((q) => q.topic === p.topic && q.partition === p.partition) === i,
    );
    if (m.state === TxnState.Ongoing && added.length === 0) return ErrorCode.NONE;
    const now = this.opts.timer.now();
    const starting = m.state !== TxnState.Ongoing;
    return this.write({
      ...m,
      state: TxnState.Ongoing,
      partitions: starting ? added : [...m.partitions, ...added],
      txnStartTimestamp: starting ? now : m.txnStartTimestamp,
      txnLastUpdateTimestamp: now,
    });
  }

  /** AddOffsetsToTxn: the group's __consumer_offsets partition joins the transaction. */
  async addOffsets(c: TxnCaller, groupId: string): Promise<number> {
    const { error, m } = this.check(c);
    if (!m) return error;
    const partition = this.opts.groups.partitionFor(groupId);
    return this.addToTxn(m, [{ topic: OFFSETS_TOPIC, partition }]) || (await this.durable(m.transactionalId));
  }

  /**
   * TxnOffsetCommit (sent to the group's coordinator, this broker): checks the group member, and the
   * producer's transaction when this broker also coordinates it; appends the offsets to the group's
   * partition as transactional records, published by the transaction's commit marker. When another
   * broker coordinates the transaction (cluster mode), the producer's epoch is checked against
   * what that partition has seen of it, as Kafka's group coordinator does.
   */
  txnOffsetCommit(
    c: TxnCaller,
    group: { groupId: string; generationId: number; memberId: string; groupInstanceId: string | null },
    offsets: OffsetCommitEntry[],
  ): number[] {
    const coordinatedHere = this.started && this.loaded.has(this.partitionFor(c.transactionalId));
    const error =
      coordinatedHere || !this.opts.followsLeadership ? this.checkOffsetsCaller(c, group.groupId) : ErrorCode.NONE;
    if (error !== ErrorCode.NONE) return offsets.map(() => error);
    const results = this.opts.groups.validate({ ...group, offsets });
    const ok = offsets.filter((_, i) => results[i] === ErrorCode.NONE);
    if (ok.length === 0) return results;
    const staged = { groupId: group.groupId, offsets: ok };
    const partition = this.opts.groups.partitionFor(group.groupId);
    const code = this.opts.offsetLog.append(partition, c.producerId, c.producerEpoch, staged, this.opts.timer.now());
    if (code !== ErrorCode.NONE) {
      const mapped = code === ErrorCode.INVALID_PRODUCER_EPOCH ? code : txnAppendError(code);
      return results.map((r) => (r === ErrorCode.NONE ? mapped : r));
    }
    return results;
  }

  private checkOffsetsCaller(c: TxnCaller, groupId: string): number {
    const m = this.txns.get(c.transactionalId);
    if (!m || m.producerId !== c.producerId) {
      return this.coordinatorError(c.transactionalId) || ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    }
    // Kafka answers a stale epoch here INVALID_PRODUCER_EPOCH at every TxnOffsetCommit version,
    // never PRODUCER_FENCED (its log and its transaction verification both report 47).
    if (m.producerEpoch !== c.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (m.state !== TxnState.Ongoing || !hasPartition(m, OFFSETS_TOPIC, this.opts.groups.partitionFor(groupId))) {
      return ErrorCode.INVALID_TXN_STATE;
    }
    return ErrorCode.NONE;
  }

  // ---- EndTxn and completion

  async endTxn(c: TxnCaller, commit: boolean): Promise<number> {
    const { error, m } = this.check(c);
    if (!m) return error;
    const target = commit ? TxnState.CompleteCommit : TxnState.CompleteAbort;
    switch (m.state) {
      case TxnState.Ongoing:
        break;
      case TxnState.CompleteCommit:
      case TxnState.CompleteAbort:
        // A retry of the EndTxn that completed it is answered the same way; the opposite is an error.
        return m.state === target ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      default:
        return ErrorCode.INVALID_TXN_STATE;
    }
    const prepared: TxnMetadata = {
      ...m,
      state: commit ? TxnState.PrepareCommit : TxnState.PrepareAbort,
      txnLastUpdateTimestamp: this.opts.timer.now(),
    };
    const code = this.write(prepared) || (await this.durable(m.transactionalId));
    if (code !== ErrorCode.NONE) return code;
    // The decision is durable: from here the client is told NONE; markers are retried if they fail.
    await this.complete(prepared);
    return ErrorCode.NONE;
  }

  /**
   * Writes the markers of a decided transaction, then its Complete* state. The decision must be in
   * the ISR before the first marker: a new coordinator that did not see it would decide otherwise.
   * Stops (leaving the rest to the timer sweep or the next coordinator) if a marker fails for good
   * or the transaction stops being this coordinator's, in this state, under this coordinator epoch.
   */
  private async complete(m: TxnMetadata): Promise<void> {
    if (this.completing.has(m.transactionalId)) return;
    this.completing.add(m.transactionalId);
    try {
      await this.writeMarkersAndComplete(m);
    } catch (err) {
      this.opts.logger.error({ err: (err as Error).stack, transactionalId: m.transactionalId }, 'completion failed');
    } finally {
      this.completing.delete(m.transactionalId);
    }
  }

  private async writeMarkersAndComplete(m: TxnMetadata): Promise<void> {
    const partition = this.partitionFor(m.transactionalId);
    const coordinatorEpoch = this.opts.log.coordinatorEpoch(partition);
    if (coordinatorEpoch < 0 || !this.loaded.has(partition)) return;
    const stillWanted = () => {
      const current = this.txns.get(m.transactionalId);
      return (
        !this.stopped &&
        this.loaded.has(partition) &&
        this.opts.log.coordinatorEpoch(partition) === coordinatorEpoch &&
        current !== undefined &&
        current.state === m.state &&
        current.producerId === m.producerId &&
        current.producerEpoch === m.producerEpoch
      );
    };
    if ((await this.opts.log.awaitDurable(partition)) !== ErrorCode.NONE || !stillWanted()) return;
    const commit = m.state === TxnState.PrepareCommit;
    const marker = { producerId: m.producerId, producerEpoch: m.producerEpoch, coordinatorEpoch, commit };
    if (m.partitions.length > 0) {
      const codes = await this.opts.markers.write(marker, m.partitions, this.opts.timer.now(), stillWanted);
      if (codes.some((c) => c !== ErrorCode.NONE)) return; // retried by the timer sweep, or abandoned
    }
    if (!stillWanted()) return;
    this.write({
      ...m,
      state: commit ? TxnState.CompleteCommit : TxnState.CompleteAbort,
      partitions: [],
      txnLastUpdateTimestamp: this.opts.timer.now(),
    });
  }

  // ---- timers

  /** Aborts transactions open longer than their timeout (fencing the producer), and retries unfinished completions. */
  abortTimedOut(now: number = this.opts.timer.now()): number {
    let aborted = 0;
    for (const m of [...this.txns.values()]) {
      if (m.state === TxnState.PrepareCommit || m.state === TxnState.PrepareAbort) {
        void this.complete(m);
        continue;
      }
      if (m.state !== TxnState.Ongoing || now - m.txnStartTimestamp <= m.txnTimeoutMs) continue;
      this.opts.logger.info(
        { transactionalId: m.transactionalId, producerId: m.producerId },
        'aborting a timed-out transaction',
      );
      const fenced: TxnMetadata = {
        ...m,
        ...this.bumped(m),
        state: TxnState.PrepareAbort,
        txnLastUpdateTimestamp: now,
      };
      if (this.write(fenced) === ErrorCode.NONE) {
        void this.complete(fenced);
        aborted++;
      }
    }
    return aborted;
  }

  /** transactional.id.expiration.ms: forgets ids idle that long outside a transaction. */
  expireIds(now: number = this.opts.timer.now()): number {
    let removed = 0;
    for (const m of [...this.txns.values()]) {
      if (!isComplete(m.state) || now - m.txnLastUpdateTimestamp < this.cfg.idExpirationMs) continue;
      this.remove(m.transactionalId);
      removed++;
    }
    return removed;
  }
}
