/**
 * The checks Kafka makes on a ConsumerGroupHeartbeat before looking at the group
 * (GroupMetadataManager.throwIfConsumerGroupHeartbeatRequestIsInvalid): INVALID_REQUEST with a
 * message for malformed requests, UNSUPPORTED_ASSIGNOR for an assignor this broker does not run.
 */
import { ErrorCode } from '@samsa/protocol';
import { type ConsumerHeartbeatRequest, type ConsumerHeartbeatResult, heartbeatError } from './heartbeat-types.js';
import { compileRegex } from './subscriptions.js';

function invalid(message: string): ConsumerHeartbeatResult {
  return heartbeatError(ErrorCode.INVALID_REQUEST, message);
}

export function validateHeartbeat(req: ConsumerHeartbeatRequest, assignors: string[]): ConsumerHeartbeatResult | null {
  if (req.groupId === '') return invalid("GroupId can't be empty.");
  if (req.instanceId !== null && req.instanceId === '') return invalid("InstanceId can't be empty.");
  if (req.rackId !== null && req.rackId === '') return invalid("RackId can't be empty.");
  if (req.memberEpoch < LOWEST_EPOCH) return invalid(`MemberEpoch is invalid: ${req.memberEpoch}.`);
  if (req.memberEpoch === 0) {
    if (req.rebalanceTimeoutMs === -1) return invalid('RebalanceTimeoutMs must be provided in first request.');
    if (req.topicPartitions === null || req.topicPartitions.length > 0) {
      return invalid('TopicPartitions must be empty when (re-)joining.');
    }
    const names = req.subscribedTopicNames;
    if ((names === null || names.length === 0) && req.subscribedTopicRegex === null) {
      return invalid('SubscribedTopicNames or SubscribedTopicRegex must be set in first request.');
    }
  } else if (req.memberId === '') {
    return invalid("MemberId can't be empty.");
  }
  if (req.memberEpoch === -2 && req.instanceId === null) return invalid("InstanceId can't be null.");
  if (req.subscribedTopicRegex !== null && compileRegex(req.subscribedTopicRegex) === null) {
    return invalid(`SubscribedTopicRegex ${req.subscribedTopicRegex} is not a valid regular expression.`);
  }
  if (req.serverAssignor !== null && !assignors.includes(req.serverAssignor)) {
    return heartbeatError(
      ErrorCode.UNSUPPORTED_ASSIGNOR,
      `ServerAssignor ${req.serverAssignor} is not supported. Supported assignors: ${assignors.join(', ')}.`,
    );
  }
  return null;
}

const LOWEST_EPOCH = -2;
