/**
 * Fetch (key 1), v0-16.
 * - Long poll: waits up to max_wait_ms for min_bytes (fetch purgatory), answers at once on errors.
 * - Fetch sessions (KIP-227) from v7, topic ids instead of names from v13.
 * - read_committed (v4+) reads up to the last stable offset.
 * - v0-3 get magic 0/1 message sets (down-converted); v4+ get the log's bytes untouched.
 */
import {
  defaultFetchResponse,
  defaultFetchResponseFetchableTopicResponse,
  defaultFetchResponsePartitionData,
  type FetchRequest,
  type FetchResponse,
} from '@samsa/protocol';
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
    return ctx.broker.fetcher.fetch(request, ctx.apiVersion, ctx.receivedAt);
  },
  errorResponse,
});
