/**
 * A leader on another broker, reached over one client Connection (the client's network layer only,
 * never its consumer). Requests carry this broker's id as replica id so the leader treats them as a
 * follower's. The leader's log end offset comes from OffsetForLeaderEpoch for its current epoch,
 * whose end offset is by definition the log end, because ListOffsets LATEST answers the high
 * watermark.
 */

import { Connection } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { ApiKey, defaultListOffsetsRequest, ErrorCode, KafkaError } from '@samsa/protocol';
import { interBrokerPeerSecurity } from '../network/inter-broker-security.js';
import type {
  EpochAnswer,
  EpochQuery,
  FetchedPartition,
  FetchParams,
  FetchPartition,
  LeaderEndpoint,
} from './leader-endpoint.js';
import { fetchedPartitions, REPLICA_FETCH_VERSION, replicaFetchRequest } from './replica-fetch-request.js';

export interface RemoteLeaderOptions {
  leaderId: number;
  host: string;
  port: number;
  /** This broker's id, as client id suffix. */
  brokerId: number;
  /** replica.socket.timeout.ms: must exceed replica.fetch.wait.max.ms. */
  requestTimeoutMs?: number;
  /** replica.fetch.backoff.ms, between reconnect attempts. */
  reconnectBackoffMs?: number;
}

const EARLIEST_TIMESTAMP = -2n;

export class RemoteLeaderEndpoint implements LeaderEndpoint {
  readonly leaderId: number;
  private readonly conn: Connection;

  constructor(o: RemoteLeaderOptions) {
    this.leaderId = o.leaderId;
    const backoff = o.reconnectBackoffMs ?? 1000;
    this.conn = new Connection({
      host: o.host,
      port: o.port,
      nodeId: o.leaderId,
      clientId: `broker-${o.brokerId}-fetcher-${o.leaderId}`,
      requestTimeoutMs: o.requestTimeoutMs ?? 30_000,
      connectTimeoutMs: o.requestTimeoutMs ?? 30_000,
      reconnectBackoffMs: backoff,
      reconnectBackoffMaxMs: backoff,
      maxInFlight: 1,
      logger: silentLogger,
      ...interBrokerPeerSecurity(o.brokerId, 'inter-broker'),
    });
  }

  async fetch(params: FetchParams, partitions: FetchPartition[]): Promise<FetchedPartition[]> {
    const req = replicaFetchRequest(params, partitions);
    const res = await this.conn.request(ApiKey.Fetch, req, { maxVersion: REPLICA_FETCH_VERSION });
    return fetchedPartitions(res);
  }

  async offsetForLeaderEpoch(replicaId: number, queries: EpochQuery[]): Promise<EpochAnswer[]> {
    const topics: Array<{ topic: string; partitions: Array<Omit<EpochQuery, 'topic'>> }> = [];
    for (const q of queries) {
      let t = topics.find((x) => x.topic === q.topic);
      if (!t) {
        t = { topic: q.topic, partitions: [] };
        topics.push(t);
      }
      t.partitions.push({
        partition: q.partition,
        currentLeaderEpoch: q.currentLeaderEpoch,
        leaderEpoch: q.leaderEpoch,
      });
    }
    const res = await this.conn.request(ApiKey.OffsetForLeaderEpoch, { replicaId, topics });
    return res.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.topic,
        partition: p.partition,
        errorCode: p.errorCode,
        leaderEpoch: p.leaderEpoch,
        endOffset: Number(p.endOffset),
      })),
    );
  }

  async earliestOffset(replicaId: number, topic: string, partition: number, epoch: number): Promise<number> {
    const req = defaultListOffsetsRequest();
    req.replicaId = replicaId;
    req.topics.push({
      name: topic,
      partitions: [
        { partitionIndex: partition, currentLeaderEpoch: epoch, timestamp: EARLIEST_TIMESTAMP, maxNumOffsets: 1 },
      ],
    });
    const res = await this.conn.request(ApiKey.ListOffsets, req);
    const p = res.topics[0]?.partitions[0];
    if (!p) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, 'empty ListOffsets response');
    if (p.errorCode !== ErrorCode.NONE) throw new KafkaError(p.errorCode);
    return Number(p.offset);
  }

  async latestOffset(replicaId: number, topic: string, partition: number, epoch: number): Promise<number> {
    const [a] = await this.offsetForLeaderEpoch(replicaId, [
      { topic, partition, currentLeaderEpoch: epoch, leaderEpoch: epoch },
    ]);
    if (!a) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, 'empty OffsetForLeaderEpoch response');
    if (a.errorCode !== ErrorCode.NONE) throw new KafkaError(a.errorCode);
    return a.endOffset;
  }

  close(): void {
    this.conn.close();
  }
}
