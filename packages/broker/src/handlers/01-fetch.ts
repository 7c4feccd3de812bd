/**
 * Fetch (key 1), v0-16.
 * - Long poll: waits up to max_wait_ms for min_bytes (fetch purgatory), answers at once on errors.
 * - Fetch sessions (KIP-227) from v7, topic ids instead of names from v13.
 * - read_committed (v4+) reads up to the last stable offset.
 * - v0-3 get magic 0/1 message sets (down-converted); v4+ get the log's bytes untouched.
 * - consumer_byte_rate: the response's record bytes count against the client's quota; over it,
 *   the response carries throttle_time_ms (v1+) and the connection is muted that long (quota/).
 * - replica_id >= 0 (ReplicaState from v15): a follower. Its fetch offsets are its log end
 *   offsets for the ISR and high watermark, it reads up to the log end, and no client quota applies.
 * - Authorization (Kafka's): a consumer needs READ on each topic, a follower CLUSTER_ACTION on the
 *   cluster; refused partitions are TOPIC_AUTHORIZATION_FAILED (for a follower, every partition).
 */
import {
  defaultFetchResponse,
  defaultFetchResponseFetchableTopicResponse,
  defaultFetchResponsePartitionData,
  type FetchRequest,
  type FetchResponse,
} from '@samsa/protocol';
import { CONSUMER_BYTE_RATE } from '../quota/quota-entity.js';
import { throttleForBytes } from '../quota/throttle.js';
import type { RequestContext } from '../request-context.js';
import { AclOperation, authorizedCluster, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function errorResponse(request: FetchRequest, errorCode: number): FetchResponse {
  const response = defaultFetchResponse();
  for (const t of request.topics) {
    const topic = defaultFetchResponseFetchableTopicResponse();
    topic.topic = t.topic;
    topic.topicId = t.topicId;
    for (const p of t.partitions) {
      const data = defaultFetchResponsePartitionData();
      data.partitionIndex = p.partition;
      data.errorCode = errorCode;
      topic.partitions.push(data);
    }
    response.responses.push(topic);
  }
  return response;
}

export default defineHandler({
  apiKey: 1,
  minVersion: 0,
  maxVersion: 16,
  handle(ctx, request) {
    const replicaId = ctx.apiVersion >= 15 ? request.replicaState.replicaId : request.replicaId;
    let allowed: ((topic: string) => boolean) | undefined;
    if (ctx.broker.authorizer) {
      if (replicaId >= 0) {
        const cluster = authorizedCluster(ctx, AclOperation.CLUSTER_ACTION);
        allowed = () => cluster;
      } else {
        const decided = new Map<string, boolean>();
        allowed = (topic) => {
          let ok = decided.get(topic);
          if (ok === undefined) decided.set(topic, (ok = authorizedTopic(ctx, AclOperation.READ, topic)));
          return ok;
        };
      }
    }
    const result = ctx.broker.fetcher.fetch(request, ctx.apiVersion, ctx.receivedAt, allowed);
    // Replication is not a client: consumer_byte_rate does not apply to followers.
    if (replicaId >= 0 || !ctx.broker.quotas.enforces(CONSUMER_BYTE_RATE)) return result;
    return result instanceof Promise ? result.then((r) => throttled(ctx, r)) : throttled(ctx, result);
  },
  errorResponse,
});

function throttled(ctx: RequestContext, response: FetchResponse): FetchResponse {
  let bytes = 0;
  for (const t of response.responses) for (const p of t.partitions) bytes += p.records?.length ?? 0;
  const ms = throttleForBytes(ctx, CONSUMER_BYTE_RATE, bytes, Date.now());
  if (ms > response.throttleTimeMs) response.throttleTimeMs = ms;
  return response;
}
