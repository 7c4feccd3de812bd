/**
 * ConsumerGroupHeartbeat (key 68), v0-1 — the KIP-848 consumer rebalance protocol.
 * - Joins (memberEpoch 0; the coordinator makes the member id when the client sends none), keeps
 *   the member alive, reconciles it towards the server-computed target assignment, and leaves
 *   (-1; -2 for a static member that will come back). The assignment is sent when it changed.
 * - Errors as Kafka's coordinator: INVALID_REQUEST (with a message), UNKNOWN_MEMBER_ID,
 *   FENCED_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID, FENCED_INSTANCE_ID, UNSUPPORTED_ASSIGNOR,
 *   GROUP_ID_NOT_FOUND (unknown group, or a classic group with members), GROUP_MAX_SIZE_REACHED.
 * - v1 (KIP-1082): the client makes its member id, so joining without one is INVALID_REQUEST; v0
 *   members may send one or get one. v1 adds subscribedTopicRegex (JavaScript RegExp, matched
 *   against whole topic names; an invalid pattern is INVALID_REQUEST, Kafka says
 *   INVALID_REGULAR_EXPRESSION, a code this codec's error table does not have yet).
 * - In a cluster, answered once the group's records are replicated to the ISR (else
 *   COORDINATOR_NOT_AVAILABLE, retriable), so a failover cannot forget what a member was told.
 * - With `group.coordinator.rebalance.protocols` lacking "consumer", ApiVersions does not advertise
 *   it (handler 18) and a heartbeat sent anyway answers UNSUPPORTED_VERSION.
 * - Needs READ on the group (else GROUP_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  type ConsumerGroupHeartbeatResponse,
  defaultConsumerGroupHeartbeatResponse,
  defaultConsumerGroupHeartbeatResponseAssignment,
  ErrorCode,
} from '@samsa/protocol';
import { OFFSETS_TOPIC } from '../coordinator/group/group-partition.js';
import { AclOperation, authorizedGroup } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function failed(errorCode: number, errorMessage: string | null = null): ConsumerGroupHeartbeatResponse {
  const r = defaultConsumerGroupHeartbeatResponse();
  r.errorCode = errorCode;
  r.errorMessage = errorMessage;
  return r;
}

export default defineHandler({
  apiKey: 68,
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    if (!authorizedGroup(ctx, AclOperation.READ, request.groupId)) {
      return failed(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    }
    if (ctx.apiVersion >= 1 && request.memberEpoch === 0 && request.memberId === '') {
      return failed(ErrorCode.INVALID_REQUEST, "MemberId can't be empty.");
    }
    const result = ctx.broker.groups.consumerGroupHeartbeat({
      groupId: request.groupId,
      memberId: request.memberId,
      memberEpoch: request.memberEpoch,
      instanceId: request.instanceId,
      rackId: request.rackId,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      subscribedTopicNames: request.subscribedTopicNames,
      subscribedTopicRegex: ctx.apiVersion >= 1 ? request.subscribedTopicRegex : null,
      serverAssignor: request.serverAssignor,
      topicPartitions: request.topicPartitions,
      clientId: ctx.header.clientId ?? '',
      clientHost: `/${ctx.connection.remoteAddress}`,
    });
    if (result.errorCode !== ErrorCode.NONE) return failed(result.errorCode, result.errorMessage);
    if (ctx.broker.cluster) {
      // What the member is told (its epoch, its partitions) must survive a coordinator failover:
      // answer once the group's records are in the ISR, as Kafka's coordinator does.
      const ok = await ctx.broker.replicas.awaitLogEndReplicated(
        OFFSETS_TOPIC,
        ctx.broker.groups.partitionFor(request.groupId),
        ctx.broker.config.offsetsCommitTimeoutMs,
      );
      if (!ok) return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    }
    const r = defaultConsumerGroupHeartbeatResponse();
    r.memberId = result.memberId;
    r.memberEpoch = result.memberEpoch;
    r.heartbeatIntervalMs = result.heartbeatIntervalMs;
    if (result.assignment !== null) {
      const a = defaultConsumerGroupHeartbeatResponseAssignment();
      a.topicPartitions = result.assignment;
      r.assignment = a;
    }
    return r;
  },
  errorResponse(_request, errorCode) {
    return failed(errorCode);
  },
});
