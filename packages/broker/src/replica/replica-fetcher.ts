/**
 * One follower loop per leader broker (Kafka's ReplicaFetcherThread): for every partition this
 * broker follows on that leader, first truncate to where the logs agree (OffsetForLeaderEpoch,
 * KIP-101/279), then fetch in a loop with replica.fetch.wait.max.ms long polls, appending what
 * arrives with the leader's offsets and epochs and moving the high watermark to
 * min(leader's, own log end).
 *
 * Ownership: the fetcher owns its partitions' fetch states; the ReplicaManager adds and removes
 * them on LeaderAndIsr / StopReplica. Between the awaits the partition may have been removed or
 * re-added with another epoch, so every answer is applied only if the state it was asked for is
 * still the current one and the ReplicaManager still has this broker follow at that epoch.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import type { PartitionLog } from '@samsa/storage';
import { kafkaCodeOf } from '../errors/kafka-failure.js';
import type { FetchedPartition, LeaderEndpoint } from './leader-endpoint.js';
import { partitionKey } from './partition.js';
import { truncationPoint } from './truncation.js';

export interface ReplicaFetcherOptions {
  brokerId: number;
  /** replica.fetch.wait.max.ms */
  maxWaitMs: number;
  /** replica.fetch.min.bytes */
  minBytes: number;
  /** replica.fetch.max.bytes, per partition */
  maxBytes: number;
  /** replica.fetch.response.max.bytes */
  responseMaxBytes: number;
  /** replica.fetch.backoff.ms */
  backoffMs: number;
}

/** What the fetcher needs of the ReplicaManager. */
export interface FollowerLogs {
  /** The log, if this broker still follows the partition in `leaderEpoch`. */
  followerLog(topic: string, partition: number, leaderEpoch: number): PartitionLog | undefined;
}

type Phase = 'truncating' | 'fetching' | 'fenced';

interface FetchState {
  topic: string;
  partition: number;
  leaderEpoch: number;
  fetchOffset: number;
  phase: Phase;
  /** Not before this time (ms), after a retriable error. */
  delayedUntil: number;
}

export class ReplicaFetcher {
  private readonly states = new Map<string, FetchState>();
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private readonly loop: Promise<void>;

  constructor(
    readonly endpoint: LeaderEndpoint,
    private readonly logs: FollowerLogs,
    private readonly o: ReplicaFetcherOptions,
    private readonly logger: Logger,
  ) {
    this.loop = this.run();
  }

  get partitionCount(): number {
    return this.states.size;
  }

  /** Starts (or restarts, with truncation first) following a partition in `leaderEpoch`. */
  addPartition(topic: string, partition: number, leaderEpoch: number): void {
    const state: FetchState = { topic, partition, leaderEpoch, fetchOffset: -1, phase: 'truncating', delayedUntil: 0 };
    this.states.set(partitionKey(topic, partition), state);
    this.wake();
  }

  removePartition(topic: string, partition: number): void {
    this.states.delete(partitionKey(topic, partition));
  }

  /** Where the follower fetches next, -1 while truncating (tests and metrics). */
  fetchOffsetOf(topic: string, partition: number): number {
    return this.states.get(partitionKey(topic, partition))?.fetchOffset ?? -1;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.endpoint.close();
    this.wake();
    await this.loop;
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  /** Sleeps up to `ms`, or until a partition is added or the fetcher stops. */
  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const worked = await this.doWork();
        if (!worked) await this.pause(this.idleMs());
      } catch (err) {
        if (this.stopped) break;
        this.logger.warn({ leader: this.endpoint.leaderId, err: String(err) }, 'replica fetch failed, backing off');
        await this.pause(this.o.backoffMs);
      }
    }
  }

  private idleMs(): number {
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const s of this.states.values()) if (s.phase !== 'fenced') next = Math.min(next, s.delayedUntil);
    return Number.isFinite(next) ? Math.max(1, next - now) : 60_000;
  }

  /** One round: truncations, then one fetch. Returns false when there was nothing to do. */
  private async doWork(): Promise<boolean> {
    const now = Date.now();
    const ready = (phase: Phase) => [...this.states.values()].filter((s) => s.phase === phase && s.delayedUntil <= now);
    const truncating = ready('truncating');
    if (truncating.length > 0) await this.truncate(truncating);
    const fetching = ready('fetching');
    if (fetching.length === 0) return truncating.length > 0;
    const answers = await this.endpoint.fetch(
      {
        replicaId: this.o.brokerId,
        maxWaitMs: this.o.maxWaitMs,
        minBytes: this.o.minBytes,
        maxBytes: this.o.responseMaxBytes,
      },
      fetching.map((s) => ({
        topic: s.topic,
        partition: s.partition,
        fetchOffset: s.fetchOffset,
        currentLeaderEpoch: s.leaderEpoch,
        maxBytes: this.o.maxBytes,
      })),
    );
    for (const a of answers) {
      const s = this.states.get(partitionKey(a.topic, a.partition));
      if (!s || !fetching.includes(s)) continue;
      await this.applyFetched(s, a);
    }
    return true;
  }

  private current(s: FetchState): PartitionLog | undefined {
    if (this.stopped || this.states.get(partitionKey(s.topic, s.partition)) !== s) return undefined;
    const log = this.logs.followerLog(s.topic, s.partition, s.leaderEpoch);
    if (!log) this.states.delete(partitionKey(s.topic, s.partition));
    return log;
  }

  private async truncate(states: FetchState[]): Promise<void> {
    const ask: FetchState[] = [];
    for (const s of states) {
      const log = this.current(s);
      if (!log) continue;
      // A log without epochs (empty, or written before epochs existed) can only trust its high watermark.
      if (log.latestEpoch < 0) this.truncated(s, log, log.highWatermark, true);
      else ask.push(s);
    }
    if (ask.length === 0) return;
    const epochs = new Map(
      ask.map((s) => [s, this.logs.followerLog(s.topic, s.partition, s.leaderEpoch)?.latestEpoch ?? -1]),
    );
    const answers = await this.endpoint.offsetForLeaderEpoch(
      this.o.brokerId,
      ask.map((s) => ({
        topic: s.topic,
        partition: s.partition,
        currentLeaderEpoch: s.leaderEpoch,
        leaderEpoch: epochs.get(s) ?? -1,
      })),
    );
    for (const a of answers) {
      const s = ask.find((x) => x.topic === a.topic && x.partition === a.partition);
      const log = s && this.current(s);
      if (!s || !log) continue;
      if (a.errorCode !== ErrorCode.NONE) {
        this.onPartitionError(s, a.errorCode);
        continue;
      }
      const point = truncationPoint(a, {
        logEndOffset: log.logEndOffset,
        highWatermark: log.highWatermark,
        endOffsetForEpoch: (e) => log.endOffsetForEpoch(e),
      });
      // An intermediate step that does not lower the latest epoch would ask the same question forever.
      const complete = point.complete || log.latestEpoch < (epochs.get(s) ?? -1);
      this.truncated(s, log, point.offset, complete);
    }
  }

  private truncated(s: FetchState, log: PartitionLog, offset: number, complete: boolean): void {
    const key = partitionKey(s.topic, s.partition);
    if (offset < log.highWatermark)
      // Only after an unclean leader election: committed records are lost here.
      this.logger.warn(
        { partition: key, offset, highWatermark: log.highWatermark },
        'truncating below the high watermark',
      );
    if (offset < log.logEndOffset) this.logger.info({ partition: key, offset }, 'truncating follower log');
    log.truncateTo(offset);
    if (complete) {
      s.phase = 'fetching';
      s.fetchOffset = log.logEndOffset;
    }
  }

  private async applyFetched(s: FetchState, a: FetchedPartition): Promise<void> {
    const log = this.current(s);
    if (!log) return;
    switch (a.errorCode) {
      case ErrorCode.NONE: {
        if (s.fetchOffset !== log.logEndOffset) {
          // The log moved under us (it should not): find the common point with the leader again.
          s.phase = 'truncating';
          return;
        }
        try {
          if (a.records && a.records.length > 0) log.appendAsFollower(a.records);
        } catch (err) {
          // A disk failure is logged with its stack by the mapping; bad records from the leader only warned.
          this.onPartitionError(s, kafkaCodeOf(err, this.logger, { partition: partitionKey(s.topic, s.partition) }));
          return;
        }
        s.fetchOffset = log.logEndOffset;
        // Only up: a new leader may not know the high watermark its predecessor reached yet.
        const hw = Math.min(a.highWatermark, log.logEndOffset);
        if (hw > log.highWatermark) log.highWatermark = hw;
        if (a.logStartOffset > log.logStartOffset && a.logStartOffset <= log.highWatermark)
          log.deleteRecordsBefore(a.logStartOffset);
        return;
      }
      case ErrorCode.OFFSET_OUT_OF_RANGE:
        try {
          await this.handleOutOfRange(s);
        } catch (err) {
          this.onPartitionError(s, kafkaCodeOf(err, this.logger, { partition: partitionKey(s.topic, s.partition) }));
        }
        return;
      default:
        this.onPartitionError(s, a.errorCode);
    }
  }

  /**
   * The fetch offset is not in the leader's log. Past its end (the leader lost data in an unclean
   * election): truncate down to its end. Before its start (we lagged behind its retention): drop
   * the whole log and start again at the leader's start.
   */
  private async handleOutOfRange(s: FetchState): Promise<void> {
    const replicaId = this.o.brokerId;
    const leaderEnd = await this.endpoint.latestOffset(replicaId, s.topic, s.partition, s.leaderEpoch);
    let log = this.current(s);
    if (!log) return;
    if (leaderEnd < log.logEndOffset) {
      this.truncated(s, log, leaderEnd, true);
      return;
    }
    const leaderStart = await this.endpoint.earliestOffset(replicaId, s.topic, s.partition, s.leaderEpoch);
    log = this.current(s);
    if (!log) return;
    if (leaderStart > log.logEndOffset) log.truncateFullyAndStartAt(leaderStart);
    s.fetchOffset = Math.max(leaderStart, log.logEndOffset);
  }

  /**
   * FENCED_LEADER_EPOCH: our epoch is older than the leader's, so a LeaderAndIsr is on its way;
   * wait for it. Anything else (the leader has not heard of its leadership yet, a storage error)
   * is retried after the backoff, truncating again in case the leader changed its log.
   */
  private onPartitionError(s: FetchState, errorCode: number): void {
    const key = partitionKey(s.topic, s.partition);
    this.logger.warn({ partition: key, error: new KafkaError(errorCode).errorName }, 'replica fetch error');
    if (errorCode === ErrorCode.FENCED_LEADER_EPOCH) {
      s.phase = 'fenced';
      return;
    }
    s.phase = 'truncating';
    s.delayedUntil = Date.now() + this.o.backoffMs;
  }
}
