/**
 * Serves Fetch requests: resolves the fetch session (KIP-227), reads each partition within the
 * request's byte limits, and either answers at once or parks the request in the fetch purgatory
 * until min_bytes are available or max_wait_ms passes. Record bytes go from the log read straight
 * into the response (the response writer keeps large buffers by reference), read into buffers of
 * the pool that the connection takes them back into once they are written.
 *
 * A fetch from a follower (replica id >= 0) first records each fetch offset as that follower's
 * log end offset (which may grow the ISR and the high watermark), then reads up to the log end
 * rather than the high watermark. A follower that names the epoch of its last fetched batch (v12+,
 * as Kafka's followers do) and has diverged from this log gets the diverging epoch and its end
 * offset instead of records, and truncates (KIP-595's check, for ZooKeeper-mode followers too).
 */
import {
  defaultFetchResponse,
  defaultFetchResponseFetchableTopicResponse,
  defaultFetchResponsePartitionData,
  EMPTY_BYTES,
  ErrorCode,
  type FetchRequest,
  type FetchResponse,
  type FetchResponsePartitionData,
} from '@samsa/protocol';
import type { MetadataCache } from '../metadata/metadata-cache.js';
import type { BufferPool } from '../network/buffer-pool.js';
import { partitionKey } from '../replica/partition.js';
import type { DivergingEpoch, ReplicaManager } from '../replica/replica-manager.js';
import { DelayedFetch } from './delayed-fetch.js';
import { downConvert } from './down-convert.js';
import {
  type FetchSession,
  type FetchSessionCache,
  FINAL_EPOCH,
  INITIAL_EPOCH,
  type SessionPartition,
} from './fetch-session-cache.js';

interface Wanted {
  topic: string;
  topicId: string;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
  /** The leader epoch the fetcher believes in (v9+), -1 for none: fences stale leaders and fetchers (KIP-320). */
  currentLeaderEpoch: number;
  /** A follower's epoch of its last fetched batch (v12+), -1 for none. */
  lastFetchedEpoch: number;
  /** Set for a follower whose log diverged: answered with this instead of records. */
  diverging?: DivergingEpoch | null;
  /** Set when the topic id or name did not resolve. */
  error: number;
}

interface PartitionRead {
  wanted: Wanted;
  data: FetchResponsePartitionData;
}

interface Plan {
  version: number;
  session: FetchSession | null;
  incremental: boolean;
  wanted: Wanted[];
  readCommitted: boolean;
  maxBytes: number;
  /** -1 for consumers, the follower's broker id for replicas. */
  replicaId: number;
}

export interface FetchManagerOptions {
  replicas: ReplicaManager;
  metadata: MetadataCache;
  sessions: FetchSessionCache;
  /** fetch.max.bytes: the most record bytes one response carries, whatever the request asks. */
  maxBytes: number;
  /**
   * The pool record bytes are read into: the one the connections give written responses back to
   * (the broker passes the process's). Without one, every read allocates.
   */
  buffers?: BufferPool;
}

export class FetchManager {
  private readonly replicas: ReplicaManager;
  private readonly metadata: MetadataCache;
  private readonly sessions: FetchSessionCache;
  private readonly brokerMaxBytes: number;
  private readonly allocate: ((size: number) => Buffer) | undefined;

  constructor(o: FetchManagerOptions) {
    this.replicas = o.replicas;
    this.metadata = o.metadata;
    this.sessions = o.sessions;
    this.brokerMaxBytes = o.maxBytes;
    const pool = o.buffers;
    this.allocate = pool ? (size) => pool.acquire(size) : undefined;
  }

  /**
   * `allowed` (the handler's authorization) says whether a topic may be read; partitions of topics
   * it refuses are answered TOPIC_AUTHORIZATION_FAILED and never read.
   */
  fetch(
    req: FetchRequest,
    version: number,
    now: number,
    allowed?: (topic: string) => boolean,
  ): FetchResponse | Promise<FetchResponse> {
    const planned = this.plan(req, version, now);
    if (typeof planned === 'number') {
      const response = defaultFetchResponse();
      response.errorCode = planned;
      return response;
    }
    const plan = planned;
    if (allowed) {
      for (const w of plan.wanted) {
        if (w.error === ErrorCode.NONE && !allowed(w.topic)) w.error = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
      }
    }
    if (plan.replicaId >= 0) this.recordFollowerFetches(plan);
    let reads = this.readAll(plan);
    const enough = (r: PartitionRead[]) => {
      let bytes = 0;
      let hasError = false;
      for (const p of r) {
        bytes += p.data.records?.length ?? 0;
        if (p.data.errorCode !== ErrorCode.NONE || p.wanted.diverging) hasError = true;
      }
      return { bytes, hasError };
    };
    const first = enough(reads);
    if (req.maxWaitMs <= 0 || first.bytes >= req.minBytes || first.hasError || plan.wanted.length === 0) {
      return this.respond(plan, reads);
    }
    return new Promise<FetchResponse>((resolve) => {
      const op = new DelayedFetch(
        now + req.maxWaitMs,
        Math.max(1, req.minBytes),
        () => {
          reads = this.readAll(plan);
          return enough(reads);
        },
        () => resolve(this.respond(plan, reads)),
      );
      const keys = plan.wanted.map((w) => partitionKey(w.topic, w.partition));
      this.replicas.fetchPurgatory.tryCompleteElseWatch(op, keys, now);
    });
  }

  private recordFollowerFetches(plan: Plan): void {
    for (const w of plan.wanted) {
      if (w.error !== ErrorCode.NONE) continue;
      const { replicaId } = plan;
      if (w.lastFetchedEpoch >= 0) {
        const { topic, partition, currentLeaderEpoch, lastFetchedEpoch, fetchOffset } = w;
        w.diverging = this.replicas.divergingEpoch(topic, partition, currentLeaderEpoch, lastFetchedEpoch, fetchOffset);
        if (w.diverging) continue;
      }
      w.error = this.replicas.recordFollowerFetch(replicaId, w.topic, w.partition, w.fetchOffset, w.currentLeaderEpoch);
    }
  }

  /** Resolves the session and the partitions to read; a number is a top-level error code. */
  private plan(req: FetchRequest, version: number, now: number): Plan | number {
    const replicaId = version >= 15 ? req.replicaState.replicaId : req.replicaId;
    const readCommitted = replicaId < 0 && version >= 4 && req.isolationLevel === 1;
    const maxBytes = Math.min(version >= 3 ? req.maxBytes : Number.MAX_SAFE_INTEGER, this.brokerMaxBytes);
    const requested: Wanted[] = [];
    for (const t of req.topics) {
      const byId = version >= 13;
      const name = byId ? this.metadata.topicNameById(t.topicId) : t.topic;
      const topicId = byId ? t.topicId : (this.metadata.topicIdOf(t.topic) ?? t.topicId);
      for (const p of t.partitions) {
        requested.push({
          topic: name ?? '',
          topicId,
          partition: p.partition,
          fetchOffset: Number(p.fetchOffset),
          maxBytes: p.partitionMaxBytes,
          currentLeaderEpoch: version >= 9 ? p.currentLeaderEpoch : -1,
          lastFetchedEpoch: version >= 12 ? p.lastFetchedEpoch : -1,
          error: name === undefined ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.NONE,
        });
      }
    }
    if (version < 7 || req.sessionEpoch === FINAL_EPOCH) {
      if (version >= 7 && req.sessionId !== 0) this.sessions.remove(req.sessionId);
      return { version, session: null, incremental: false, wanted: requested, readCommitted, maxBytes, replicaId };
    }
    if (req.sessionEpoch === INITIAL_EPOCH) {
      if (req.sessionId !== 0) this.sessions.remove(req.sessionId);
      const session = this.sessions.create(now);
      if (session) for (const w of requested) session.partitions.set(keyOf(w), toSessionPartition(w));
      return { version, session, incremental: false, wanted: requested, readCommitted, maxBytes, replicaId };
    }
    const session = this.sessions.get(req.sessionId);
    if (!session) return ErrorCode.FETCH_SESSION_ID_NOT_FOUND;
    if (session.epoch !== req.sessionEpoch) return ErrorCode.INVALID_FETCH_SESSION_EPOCH;
    session.epoch = session.epoch === 0x7fffffff ? 1 : session.epoch + 1;
    session.lastUsedMs = now;
    for (const w of requested) {
      const existing = session.partitions.get(keyOf(w));
      if (existing) {
        existing.fetchOffset = w.fetchOffset;
        existing.maxBytes = w.maxBytes;
        existing.currentLeaderEpoch = w.currentLeaderEpoch;
        existing.lastFetchedEpoch = w.lastFetchedEpoch;
      } else session.partitions.set(keyOf(w), toSessionPartition(w));
    }
    for (const t of req.forgottenTopicsData) {
      const name = version >= 13 ? this.metadata.topicNameById(t.topicId) : t.topic;
      for (const p of t.partitions) session.partitions.delete(`${name ?? ''}\u0000${p}`);
    }
    const wanted = [...session.partitions.values()].map((sp) => ({
      topic: sp.topic,
      topicId: sp.topicId,
      partition: sp.partition,
      fetchOffset: sp.fetchOffset,
      maxBytes: sp.maxBytes,
      currentLeaderEpoch: sp.currentLeaderEpoch,
      lastFetchedEpoch: sp.lastFetchedEpoch,
      error: sp.topic === '' ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.NONE,
    }));
    return { version, session, incremental: true, wanted, readCommitted, maxBytes, replicaId };
  }

  private readAll(plan: Plan): PartitionRead[] {
    let budget = plan.maxBytes;
    let minOneBatch = plan.version >= 3;
    const out: PartitionRead[] = [];
    for (const w of plan.wanted) {
      const data = defaultFetchResponsePartitionData();
      data.partitionIndex = w.partition;
      data.records = EMPTY_BYTES;
      if (w.error !== ErrorCode.NONE) {
        data.errorCode = w.error;
        out.push({ wanted: w, data });
        continue;
      }
      if (w.diverging) {
        data.divergingEpoch = { epoch: w.diverging.epoch, endOffset: BigInt(w.diverging.endOffset) };
        data.highWatermark = BigInt(w.diverging.highWatermark);
        data.lastStableOffset = BigInt(w.diverging.lastStableOffset);
        data.logStartOffset = BigInt(w.diverging.logStartOffset);
        out.push({ wanted: w, data });
        continue;
      }
      const limit = Math.min(w.maxBytes, budget);
      const r = this.replicas.read({
        topic: w.topic,
        partition: w.partition,
        fetchOffset: w.fetchOffset,
        maxBytes: limit,
        minOneBatch,
        readCommitted: plan.readCommitted,
        allocate: this.allocate,
        reader: { replicaId: plan.replicaId, currentLeaderEpoch: w.currentLeaderEpoch },
      });
      data.errorCode = r.errorCode;
      data.highWatermark = BigInt(r.highWatermark);
      data.lastStableOffset = BigInt(r.lastStableOffset);
      data.logStartOffset = BigInt(r.logStartOffset);
      data.abortedTransactions = plan.readCommitted
        ? (r.abortedTransactions ?? []).map((a) => ({
            producerId: BigInt(a.producerId),
            firstOffset: BigInt(a.firstOffset),
          }))
        : null;
      if (r.records && r.records.length > 0) {
        data.records = r.records;
        budget -= r.records.length;
        minOneBatch = false;
      }
      out.push({ wanted: w, data });
    }
    return out;
  }

  private respond(plan: Plan, reads: PartitionRead[]): FetchResponse {
    const response = defaultFetchResponse();
    response.sessionId = plan.session?.id ?? 0;
    let current: (typeof response.responses)[number] | undefined;
    for (const { wanted, data } of reads) {
      const sp = plan.session?.partitions.get(keyOf(wanted));
      if (plan.incremental && sp && !hasNews(sp, data)) continue;
      if (sp) {
        sp.lastHighWatermark = Number(data.highWatermark);
        sp.lastLogStartOffset = Number(data.logStartOffset);
        sp.lastLastStableOffset = Number(data.lastStableOffset);
      }
      if (plan.version <= 3 && data.records && data.records.length > 0) {
        data.records = downConvert(data.records, plan.version <= 1 ? 0 : 1);
      }
      if (!current || current.topic !== wanted.topic || current.topicId !== wanted.topicId) {
        current = defaultFetchResponseFetchableTopicResponse();
        current.topic = wanted.topic;
        current.topicId = wanted.topicId;
        response.responses.push(current);
      }
      current.partitions.push(data);
    }
    return response;
  }
}

function keyOf(w: { topic: string; partition: number }): string {
  return `${w.topic}\u0000${w.partition}`;
}

function toSessionPartition(w: Wanted): SessionPartition {
  return {
    topic: w.topic,
    topicId: w.topicId,
    partition: w.partition,
    fetchOffset: w.fetchOffset,
    maxBytes: w.maxBytes,
    currentLeaderEpoch: w.currentLeaderEpoch,
    lastFetchedEpoch: w.lastFetchedEpoch,
    lastHighWatermark: -1,
    lastLogStartOffset: -1,
    lastLastStableOffset: -1,
  };
}

function hasNews(sp: SessionPartition, data: FetchResponsePartitionData): boolean {
  return (
    (data.records?.length ?? 0) > 0 ||
    data.errorCode !== ErrorCode.NONE ||
    Number(data.highWatermark) !== sp.lastHighWatermark ||
    Number(data.logStartOffset) !== sp.lastLogStartOffset ||
    Number(data.lastStableOffset) !== sp.lastLastStableOffset
  );
}
