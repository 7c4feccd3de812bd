/**
 * What a follower needs from the leader of its partitions (Kafka's LeaderEndPoint): fetch,
 * OffsetForLeaderEpoch for truncation, and the leader's log start and end offsets after an
 * out-of-range fetch. One endpoint per leader broker; the RemoteLeaderEndpoint speaks the Kafka
 * protocol over the client's Connection, the LocalLeaderEndpoint calls another ReplicaManager in the
 * same process (tests). Record bytes cross it untouched.
 */
export interface FetchParams {
  /** This broker's id: it tells the leader a follower is fetching. */
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
}

export interface FetchPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  /** The leader epoch the follower believes in, so that a stale leader or follower is fenced (KIP-320). */
  currentLeaderEpoch: number;
  maxBytes: number;
}

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  records: Buffer | null;
}

export interface EpochQuery {
  topic: string;
  partition: number;
  currentLeaderEpoch: number;
  leaderEpoch: number;
}

export interface EpochAnswer {
  topic: string;
  partition: number;
  errorCode: number;
  leaderEpoch: number;
  endOffset: number;
}

export interface LeaderEndpoint {
  readonly leaderId: number;
  fetch(params: FetchParams, partitions: FetchPartition[]): Promise<FetchedPartition[]>;
  offsetForLeaderEpoch(replicaId: number, queries: EpochQuery[]): Promise<EpochAnswer[]>;
  /** The leader's log start offset; throws a KafkaError on a partition error. */
  earliestOffset(replicaId: number, topic: string, partition: number, currentLeaderEpoch: number): Promise<number>;
  /** The leader's log end offset (not its high watermark); throws a KafkaError on a partition error. */
  latestOffset(replicaId: number, topic: string, partition: number, currentLeaderEpoch: number): Promise<number>;
  close(): void;
}
