/**
 * A leader in the same process: the follower's requests go through the leader's own FetchManager
 * and ReplicaManager, the code a Fetch or OffsetForLeaderEpoch from the network reaches, minus the
 * sockets. Used by tests that run several replica managers side by side.
 */
import { ErrorCode, KafkaError } from '@samsa/protocol';
import type { FetchManager } from '../fetch/fetch-manager.js';
import type {
  EpochAnswer,
  EpochQuery,
  FetchedPartition,
  FetchParams,
  FetchPartition,
  LeaderEndpoint,
} from './leader-endpoint.js';
import { fetchedPartitions, REPLICA_FETCH_VERSION, replicaFetchRequest } from './replica-fetch-request.js';
import type { ReplicaManager } from './replica-manager.js';

export class LocalLeaderEndpoint implements LeaderEndpoint {
  private closed = false;

  constructor(
    readonly leaderId: number,
    private readonly leader: ReplicaManager,
    private readonly fetcher: FetchManager,
  ) {}

  async fetch(params: FetchParams, partitions: FetchPartition[]): Promise<FetchedPartition[]> {
    this.ensureOpen();
    const req = replicaFetchRequest(params, partitions);
    const res = await this.fetcher.fetch(req, REPLICA_FETCH_VERSION, Date.now());
    this.ensureOpen();
    return fetchedPartitions(res);
  }

  async offsetForLeaderEpoch(replicaId: number, queries: EpochQuery[]): Promise<EpochAnswer[]> {
    this.ensureOpen();
    return queries.map((q) => ({
      topic: q.topic,
      partition: q.partition,
      ...this.leader.endOffsetForEpoch(q.topic, q.partition, q.currentLeaderEpoch, q.leaderEpoch, replicaId),
    }));
  }

  async earliestOffset(_replicaId: number, topic: string, partition: number, epoch: number): Promise<number> {
    this.ensureOpen();
    return this.offsets(topic, partition, epoch).logStartOffset;
  }

  async latestOffset(_replicaId: number, topic: string, partition: number, epoch: number): Promise<number> {
    this.ensureOpen();
    return this.offsets(topic, partition, epoch).logEndOffset;
  }

  private offsets(topic: string, partition: number, epoch: number) {
    const r = this.leader.leaderLogOffsets(topic, partition, epoch);
    if (r.errorCode !== ErrorCode.NONE) throw new KafkaError(r.errorCode);
    return r;
  }

  close(): void {
    this.closed = true;
  }

  private ensureOpen(): void {
    // As a closed socket would: the fetcher sees a connection error and backs off.
    if (this.closed) throw new KafkaError(ErrorCode.NETWORK_EXCEPTION, `endpoint of leader ${this.leaderId} is closed`);
  }
}
