/**
 * A transactional producer's state machine, with the Java client's states:
 *
 *   UNINITIALIZED → INITIALIZING → READY ⇄ IN_TRANSACTION → COMMITTING_TRANSACTION → READY
 *                                             │  └──────→ ABORTING_TRANSACTION ───→ READY
 *                                             └→ ABORTABLE_ERROR → ABORTING_TRANSACTION
 *   any state → FATAL_ERROR (fenced, not authorized, ...): only close() is left.
 *
 * It owns the partitions and group offsets added to the current transaction. Partitions are added
 * lazily: the producer registers a partition when a record for it is appended, and the Sender holds
 * the partition's batches back until AddPartitionsToTxn for it succeeded (one such request in
 * flight at a time, carrying every partition waiting). EndTxn goes out only when the transaction
 * added something, since the coordinator has nothing to end otherwise.
 *
 * Owner: the Producer (the public operations) and the Sender (partition gating, batch failures).
 * Public operations are not meant to overlap: each checks the state it starts from, so a second
 * commit while one is running fails with ILLEGAL_STATE instead of interleaving.
 */
import type { Logger } from '@samsa/common';
import { ClientError } from '../../errors.js';
import type { IdempotenceState } from '../idempotence.js';
import {
  type AbortableTransactionError,
  FatalProducerError,
  TransactionAbortedError,
  transactionError,
} from './transaction-errors.js';
import type { GroupMember, ProducerIdAndEpoch, TransactionRequests, TxnOffset } from './transaction-requests.js';

export type TransactionState =
  | 'UNINITIALIZED'
  | 'INITIALIZING'
  | 'READY'
  | 'IN_TRANSACTION'
  | 'COMMITTING_TRANSACTION'
  | 'ABORTING_TRANSACTION'
  | 'ABORTABLE_ERROR'
  | 'FATAL_ERROR';

/** For each state, the states it may be entered from (FATAL_ERROR: from any). */
const ENTERED_FROM: Record<TransactionState, readonly TransactionState[]> = {
  UNINITIALIZED: ['INITIALIZING'],
  INITIALIZING: ['UNINITIALIZED'],
  READY: ['INITIALIZING', 'COMMITTING_TRANSACTION', 'ABORTING_TRANSACTION'],
  IN_TRANSACTION: ['READY'],
  COMMITTING_TRANSACTION: ['IN_TRANSACTION'],
  ABORTING_TRANSACTION: ['IN_TRANSACTION', 'ABORTABLE_ERROR'],
  ABORTABLE_ERROR: ['IN_TRANSACTION', 'COMMITTING_TRANSACTION', 'ABORTING_TRANSACTION', 'ABORTABLE_ERROR'],
  FATAL_ERROR: [],
};

export interface SenderControl {
  /** Sends everything queued and waits for every batch in flight. */
  flush(): Promise<void>;
  /** Fails every batch not yet sent with `err`. */
  dropUnsent(err: unknown): void;
  /** A state change may let the Sender fail or send batches. */
  wake(): void;
}

export class TransactionManager {
  private current: TransactionState = 'UNINITIALIZED';
  private lastError: FatalProducerError | AbortableTransactionError | null = null;
  private readonly added = new Set<string>();
  private readonly waiting = new Map<string, { topic: string; partition: number }>();
  private adding: Promise<void> | null = null;
  /** The coordinator knows this transaction (a partition or group was added): EndTxn is needed. */
  private started = false;
  sender: SenderControl | null = null;

  constructor(
    private readonly requests: TransactionRequests,
    private readonly idempotence: IdempotenceState,
    private readonly logger: Logger,
  ) {}

  get state(): TransactionState {
    return this.current;
  }

  get transactionalId(): string {
    return this.requests.transactionalId;
  }

  /** The error batches and calls fail with while in ABORTABLE_ERROR or FATAL_ERROR. */
  get error(): FatalProducerError | AbortableTransactionError | null {
    return this.current === 'ABORTABLE_ERROR' || this.current === 'FATAL_ERROR' ? this.lastError : null;
  }

  async initTransactions(): Promise<void> {
    this.throwIfFatal();
    this.require('initTransactions', ['UNINITIALIZED']);
    this.transition('INITIALIZING');
    let pid: ProducerIdAndEpoch;
    try {
      pid = await this.requests.initProducerId(null);
    } catch (err) {
      const classified = transactionError(err, 'initTransactions');
      if (classified instanceof FatalProducerError) throw this.fatal(classified);
      // Anything else (a timeout, no coordinator): the application may call initTransactions again.
      this.transition('UNINITIALIZED');
      throw err;
    }
    this.idempotence.setProducer(pid.producerId, pid.producerEpoch);
    this.logger.info(
      {
        transactionalId: this.transactionalId,
        producerId: pid.producerId,
        epoch: pid.producerEpoch,
      },
      'transactional producer initialized',
    );
    this.transition('READY');
  }

  beginTransaction(): void {
    this.throwIfFatal();
    this.require('beginTransaction', ['READY']);
    this.added.clear();
    this.waiting.clear();
    this.started = false;
    this.lastError = null;
    this.transition('IN_TRANSACTION');
  }

  /** Why a record cannot be sent now, or null when it can (inside a transaction). */
  sendError(): Error | null {
    if (this.error) return this.error;
    if (this.current === 'IN_TRANSACTION') return null;
    if (this.current === 'UNINITIALIZED' || this.current === 'INITIALIZING') {
      return new ClientError('ILLEGAL_STATE', 'a transactional producer must call initTransactions() before send()');
    }
    return new ClientError('ILLEGAL_STATE', `cannot send in state ${this.current}: call beginTransaction() first`);
  }

  /** Registers a partition a record is being appended to; it is added before its first batch goes out. */
  addPartition(topic: string, partition: number): void {
    const key = `${topic}\0${partition}`;
    if (!this.added.has(key)) this.waiting.set(key, { topic, partition });
  }

  isPartitionAdded(topic: string, partition: number): boolean {
    return this.added.has(`${topic}\0${partition}`);
  }

  /**
   * Sends AddPartitionsToTxn for every waiting partition unless one is in flight; failures set the
   * state. Resolves once the request in flight is answered, false when there was nothing to add.
   */
  addWaitingPartitions(): Promise<boolean> {
    if (this.adding) return this.adding.then(() => true);
    const open = this.current === 'IN_TRANSACTION' || this.current === 'COMMITTING_TRANSACTION';
    if (this.waiting.size === 0 || !open) return Promise.resolve(false);
    const partitions = [...this.waiting.values()];
    this.waiting.clear();
    this.adding = this.requests
      .addPartitions(this.pid(), partitions)
      .then(
        () => {
          for (const p of partitions) this.added.add(`${p.topic}\0${p.partition}`);
          this.started = true;
        },
        (err) => {
          this.setError(err, 'adding partitions to the transaction');
        },
      )
      .finally(() => {
        this.adding = null;
      });
    return this.adding.then(() => true);
  }

  /**
   * A batch of this transaction failed, so the transaction cannot commit. Returns what the batch's
   * records fail with: their own error (e.g. RecordTooLargeError), or the fatal one (fenced).
   */
  onBatchFailed(err: unknown): unknown {
    if (err instanceof TransactionAbortedError) return err;
    const classified = transactionError(err, 'sending a record');
    if (classified instanceof FatalProducerError) return this.fatal(classified);
    if (this.current !== 'ABORTING_TRANSACTION') this.setError(classified, 'sending a record');
    return err;
  }

  async sendOffsets(offsets: TxnOffset[], member: GroupMember): Promise<void> {
    this.throwIfError();
    this.require('sendOffsetsToTransaction', ['IN_TRANSACTION']);
    try {
      await this.requests.addOffsets(this.pid(), member.groupId);
      this.started = true;
      await this.requests.txnOffsetCommit(this.pid(), member, offsets);
    } catch (err) {
      throw this.setError(err, 'sendOffsetsToTransaction');
    }
  }

  async commit(): Promise<void> {
    this.throwIfError();
    this.require('commitTransaction', ['IN_TRANSACTION']);
    this.transition('COMMITTING_TRANSACTION');
    await this.control().flush();
    // A batch that failed while flushing moved the state to ABORTABLE_ERROR or FATAL_ERROR.
    this.throwIfError();
    if (this.started) {
      try {
        await this.requests.endTxn(this.pid(), true);
      } catch (err) {
        throw this.setError(err, 'commitTransaction');
      }
    }
    this.transition('READY');
  }

  async abort(): Promise<void> {
    this.throwIfFatal();
    this.require('abortTransaction', ['IN_TRANSACTION', 'ABORTABLE_ERROR']);
    this.transition('ABORTING_TRANSACTION');
    this.waiting.clear();
    const control = this.control();
    control.dropUnsent(new TransactionAbortedError());
    // Batches already sent complete or fail; either way they are part of what EndTxn aborts.
    await control.flush();
    await this.adding;
    this.throwIfFatal();
    if (this.started) {
      try {
        await this.requests.endTxn(this.pid(), false);
      } catch (err) {
        throw this.setError(err, 'abortTransaction');
      }
    }
    this.lastError = null;
    this.transition('READY');
  }

  private pid(): ProducerIdAndEpoch {
    return { producerId: this.idempotence.producerId, producerEpoch: this.idempotence.producerEpoch };
  }

  private control(): SenderControl {
    if (!this.sender) throw new ClientError('ILLEGAL_STATE', 'the transaction manager has no sender');
    return this.sender;
  }

  /** Records a failure: fatal, or abortable (the transaction can only be aborted now). */
  private setError(err: unknown, what: string): FatalProducerError | AbortableTransactionError {
    const classified = transactionError(err, what);
    if (classified instanceof FatalProducerError) return this.fatal(classified);
    if (this.current === 'FATAL_ERROR' && this.lastError) return this.lastError;
    // The first failure is the one worth reporting; later ones are usually its consequences.
    if (this.current === 'ABORTABLE_ERROR' && this.lastError) return this.lastError;
    if (ENTERED_FROM.ABORTABLE_ERROR.includes(this.current)) {
      this.logger.warn(
        {
          transactionalId: this.transactionalId,
          error: classified.message,
        },
        'transaction must be aborted',
      );
      this.lastError = classified;
      this.transition('ABORTABLE_ERROR');
      this.sender?.wake();
    }
    return classified;
  }

  private fatal(err: FatalProducerError): FatalProducerError {
    if (this.current === 'FATAL_ERROR' && this.lastError) return this.lastError as FatalProducerError;
    this.logger.error(
      {
        transactionalId: this.transactionalId,
        error: err.message,
      },
      'transactional producer failed fatally',
    );
    this.lastError = err;
    this.current = 'FATAL_ERROR';
    this.sender?.wake();
    return err;
  }

  private throwIfFatal(): void {
    if (this.current === 'FATAL_ERROR' && this.lastError) throw this.lastError;
  }

  private throwIfError(): void {
    const e = this.error;
    if (e) throw e;
  }

  private require(op: string, states: readonly TransactionState[]): void {
    if (!states.includes(this.current)) {
      throw new ClientError('ILLEGAL_STATE', `${op}() is not allowed in state ${this.current}`);
    }
  }

  private transition(to: TransactionState): void {
    if (!ENTERED_FROM[to].includes(this.current)) {
      throw new ClientError('ILLEGAL_STATE', `invalid transaction state transition ${this.current} → ${to}`);
    }
    this.current = to;
  }
}
