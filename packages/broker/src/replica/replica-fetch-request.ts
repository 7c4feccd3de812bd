/**
 * The Fetch a follower sends and how it reads the answer, shared by the remote and the in-process
 * leader endpoints so both exercise the same request. Version 12: the last with topic names and the
 * top-level ReplicaId (v15 moved it into ReplicaState), spoken by every broker since Kafka 2.7.
 * Sessionless (epoch -1): a follower's partition set changes only with LeaderAndIsr.
 */
import { defaultFetchRequest, ErrorCode, type FetchRequest, type FetchResponse, KafkaError } from '@samsa/protocol';
import type { FetchedPartition, FetchParams, FetchPartition } from './leader-endpoint.js';

export const REPLICA_FETCH_VERSION = 12;

export function replicaFetchRequest(params: FetchParams, partitions: FetchPartition[]): FetchRequest {
  const req = defaultFetchRequest();
  req.replicaId = params.replicaId;
  req.maxWaitMs = params.maxWaitMs;
  req.minBytes = params.minBytes;
  req.maxBytes = params.maxBytes;
  req.sessionId = 0;
  req.sessionEpoch = -1;
  for (const p of partitions) {
    let t = req.topics.find((x) => x.topic === p.topic);
    if (!t) {
      t = { topic: p.topic, topicId: '', partitions: [] };
      req.topics.push(t);
    }
    t.partitions.push({
      partition: p.partition,
      currentLeaderEpoch: p.currentLeaderEpoch,
      fetchOffset: BigInt(p.fetchOffset),
      lastFetchedEpoch: -1,
      logStartOffset: -1n,
      partitionMaxBytes: p.maxBytes,
    });
  }
  return req;
}

/** Throws the top-level error if any; otherwise one entry per partition in the response. */
export function fetchedPartitions(res: FetchResponse): FetchedPartition[] {
  if (res.errorCode !== ErrorCode.NONE) throw new KafkaError(res.errorCode);
  return res.responses.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.topic,
      partition: p.partitionIndex,
      errorCode: p.errorCode,
      highWatermark: Number(p.highWatermark),
      logStartOffset: Number(p.logStartOffset),
      records: p.records,
    })),
  );
}
