/**
 * UpdateMetadata (key 6), v0-8: the controller tells this broker the live brokers and partition
 * states, which become its metadata cache (what Metadata, FindCoordinator and DescribeCluster
 * answer from).
 * - A controller epoch older than one already seen is STALE_CONTROLLER_EPOCH; a broker epoch older
 *   than ours (a request meant for a previous incarnation of this broker) is STALE_BROKER_EPOCH.
 * - Sent to a single-node broker (no ZooKeeper), where no controller exists to obey,
 *   so it is refused with INVALID_REQUEST.
 * - Needs CLUSTER_ACTION on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka (a controller request).
 */
import { defaultUpdateMetadataResponse, ErrorCode } from '@samsa/protocol';
import { ClusterMetadataCache, type PartitionStateUpdate } from '../metadata/cluster-metadata-cache.js';
import { ZERO_UUID } from '../metadata/topic-name.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 6,
  minVersion: 0,
  maxVersion: 8,
  handle(ctx, request) {
    requireCluster(ctx, AclOperation.CLUSTER_ACTION);
    const response = defaultUpdateMetadataResponse();
    const cache = ctx.broker.metadata;
    const cluster = ctx.broker.cluster;
    if (!cluster || !(cache instanceof ClusterMetadataCache)) {
      response.errorCode = ErrorCode.INVALID_REQUEST;
      return response;
    }
    if (!cache.acceptControllerEpoch(request.controllerEpoch)) {
      response.errorCode = ErrorCode.STALE_CONTROLLER_EPOCH;
      return response;
    }
    if (request.brokerEpoch >= 0n && request.brokerEpoch < cluster.brokerEpoch) {
      response.errorCode = ErrorCode.STALE_BROKER_EPOCH;
      return response;
    }
    const states: PartitionStateUpdate[] = [];
    const add = (topic: string, topicId: string, p: (typeof request.ungroupedPartitionStates)[number]): void => {
      states.push({
        topic,
        topicId: topicId === ZERO_UUID ? '' : topicId,
        partition: p.partitionIndex,
        leaderId: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.offlineReplicas,
      });
    };
    if (ctx.apiVersion >= 5) {
      for (const t of request.topicStates) for (const p of t.partitionStates) add(t.topicName, t.topicId, p);
    } else {
      for (const p of request.ungroupedPartitionStates) add(p.topicName, ZERO_UUID, p);
    }
    const brokers = request.liveBrokers.map((b) => ({
      id: b.id,
      rack: b.rack,
      endpoints:
        ctx.apiVersion >= 1
          ? b.endpoints.map((e) => ({ listener: e.listener || 'PLAINTEXT', host: e.host, port: e.port }))
          : [{ listener: 'PLAINTEXT', host: b.v0Host, port: b.v0Port }],
    }));
    const deleted = cache.update(request.controllerId, brokers, states);
    // As Kafka's broker: the groups this broker coordinates forget the offsets of deleted partitions.
    ctx.broker.groups.onPartitionsDeleted(deleted);
    return response;
  },
  errorResponse(_request, errorCode) {
    const response = defaultUpdateMetadataResponse();
    response.errorCode = errorCode;
    return response;
  },
});
