/**
 * Metadata (key 3), v0-12.
 * - Topics null (v1+) or empty (v0) means all topics; empty (v1+) means none, only brokers.
 * - Unknown topics are created when auto.create.topics.enable is on and the client allows it
 *   (allow_auto_topic_creation, v4+; always allowed before), else UNKNOWN_TOPIC_OR_PARTITION.
 * - Topics may be named by id from v10 (UNKNOWN_TOPIC_ID when the id is unknown).
 * - Brokers are listed with their endpoint on the listener the request came in on.
 * - Authorization (Kafka's): a listing of all topics leaves out those the principal may not
 *   DESCRIBE (without logging denials); a named one it may not DESCRIBE is
 *   TOPIC_AUTHORIZATION_FAILED (one named by id: UNKNOWN_TOPIC_ID, which reveals nothing);
 *   auto-creation needs CREATE on the cluster or on the topic, else TOPIC_AUTHORIZATION_FAILED.
 * - include_topic_authorized_operations (v8+) and include_cluster_authorized_operations (v8-10):
 *   the operations the principal may perform, as a bit field; -2^31 when not asked.
 */
import {
  defaultMetadataResponse,
  defaultMetadataResponseBroker,
  defaultMetadataResponsePartition,
  defaultMetadataResponseTopic,
  ErrorCode,
  type MetadataRequest,
  type MetadataResponse,
  type MetadataResponseTopic,
} from '@samsa/protocol';
import { kafkaCodeOf } from '../errors/kafka-failure.js';
import type { TopicView } from '../metadata/metadata-cache.js';
import { ZERO_UUID } from '../metadata/topic-name.js';
import type { RequestContext } from '../request-context.js';
import {
  AclOperation,
  authorizedCluster,
  authorizedOperations,
  authorizedTopic,
  ResourceType,
} from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function topicEntry(view: TopicView): MetadataResponseTopic {
  const t = defaultMetadataResponseTopic();
  t.name = view.name;
  t.topicId = view.topicId;
  t.isInternal = view.isInternal;
  for (const p of view.partitions) {
    const e = defaultMetadataResponsePartition();
    e.partitionIndex = p.partition;
    e.leaderId = p.leaderId;
    e.leaderEpoch = p.leaderEpoch;
    e.replicaNodes = p.replicas;
    e.isrNodes = p.isr;
    e.offlineReplicas = p.offlineReplicas;
    e.errorCode = p.leaderId < 0 ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE;
    t.partitions.push(e);
  }
  return t;
}

function errorEntry(name: string | null, topicId: string, errorCode: number): MetadataResponseTopic {
  const t = defaultMetadataResponseTopic();
  t.name = name;
  t.topicId = topicId;
  t.errorCode = errorCode;
  return t;
}

async function resolveTopic(ctx: RequestContext, name: string, allowCreate: boolean): Promise<MetadataResponseTopic> {
  const { metadata, topics } = ctx.broker;
  const known = metadata.topic(name);
  if (!authorizedTopic(ctx, AclOperation.DESCRIBE, name))
    return errorEntry(name, ZERO_UUID, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  if (known) return topicEntry(known);
  if (!allowCreate) return errorEntry(name, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (!authorizedCluster(ctx, AclOperation.CREATE, false) && !authorizedTopic(ctx, AclOperation.CREATE, name))
    return errorEntry(name, ZERO_UUID, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  try {
    await topics.autoCreate(name);
  } catch (err) {
    const code = kafkaCodeOf(err, ctx.logger);
    // Another broker (or an earlier request) created it and this broker's metadata has not caught
    // up: as Kafka does, answer the retriable LEADER_NOT_AVAILABLE, never TOPIC_ALREADY_EXISTS,
    // which clients treat as final.
    return errorEntry(name, ZERO_UUID, code === ErrorCode.TOPIC_ALREADY_EXISTS ? ErrorCode.LEADER_NOT_AVAILABLE : code);
  }
  const created = metadata.topic(name);
  return created ? topicEntry(created) : errorEntry(name, ZERO_UUID, ErrorCode.LEADER_NOT_AVAILABLE);
}

/** The topics part of the answer: all the principal may describe, or the ones named. */
async function listTopics(
  ctx: RequestContext,
  request: MetadataRequest,
  response: MetadataResponse,
): Promise<MetadataResponse> {
  const { metadata, config } = ctx.broker;
  const version = ctx.apiVersion;
  const all = request.topics === null || (version === 0 && request.topics.length === 0);
  if (all) {
    for (const view of metadata.topics()) {
      if (authorizedTopic(ctx, AclOperation.DESCRIBE, view.name, false)) response.topics.push(topicEntry(view));
    }
    return response;
  }
  const allowCreate = config.autoCreateTopicsEnable && (version < 4 || request.allowAutoTopicCreation);
  for (const t of request.topics ?? []) {
    if (t.name === null || t.name === '') {
      const name = metadata.topicNameById(t.topicId);
      const visible = name !== undefined && authorizedTopic(ctx, AclOperation.DESCRIBE, name);
      const view = visible ? metadata.topic(name) : undefined;
      response.topics.push(view ? topicEntry(view) : errorEntry(null, t.topicId, ErrorCode.UNKNOWN_TOPIC_ID));
      continue;
    }
    response.topics.push(await resolveTopic(ctx, t.name, allowCreate));
  }
  return response;
}

export default defineHandler({
  apiKey: 3,
  minVersion: 0,
  maxVersion: 12,
  async handle(ctx, request) {
    const { metadata } = ctx.broker;
    const version = ctx.apiVersion;
    const response = defaultMetadataResponse();
    for (const b of metadata.brokers(ctx.listenerName)) {
      const e = defaultMetadataResponseBroker();
      e.nodeId = b.nodeId;
      e.host = b.host;
      e.port = b.port;
      e.rack = b.rack;
      response.brokers.push(e);
    }
    response.clusterId = metadata.clusterId;
    response.controllerId = metadata.controllerId();
    if (version >= 8 && version <= 10 && request.includeClusterAuthorizedOperations) {
      response.clusterAuthorizedOperations = authorizedOperations(ctx, ResourceType.CLUSTER, 'kafka-cluster');
    }
    if (version >= 8 && request.includeTopicAuthorizedOperations) {
      const withOps = (r: MetadataResponse) => {
        for (const t of r.topics) {
          if (t.errorCode === ErrorCode.NONE && t.name) {
            t.topicAuthorizedOperations = authorizedOperations(ctx, ResourceType.TOPIC, t.name);
          }
        }
        return r;
      };
      return withOps(await listTopics(ctx, request, response));
    }
    return listTopics(ctx, request, response);
  },
  errorResponse(request: MetadataRequest, errorCode: number): MetadataResponse {
    const response = defaultMetadataResponse();
    for (const t of request.topics ?? []) response.topics.push(errorEntry(t.name, t.topicId, errorCode));
    return response;
  },
});
