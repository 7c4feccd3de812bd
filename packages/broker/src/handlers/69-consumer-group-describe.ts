/**
 * ConsumerGroupDescribe (key 69), v0-1 (v1: memberType, 1 = a consumer-protocol member).
 * - Each asked group: state, group and assignment epochs, the assignor, and every member with its
 *   subscription, current assignment and target assignment (topic ids and names).
 * - GROUP_ID_NOT_FOUND for an unknown group and for a classic group, with Kafka's message;
 *   NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS per group as usual.
 * - Needs DESCRIBE on each group (else GROUP_AUTHORIZATION_FAILED for it); authorized operations
 *   when asked, -2^31 otherwise.
 */
import {
  type ConsumerGroupDescribeResponseAssignment,
  type ConsumerGroupDescribeResponseDescribedGroup,
  defaultConsumerGroupDescribeResponse,
  defaultConsumerGroupDescribeResponseAssignment,
  defaultConsumerGroupDescribeResponseDescribedGroup,
  defaultConsumerGroupDescribeResponseMember,
  ErrorCode,
} from '@samsa/protocol';
import type { DescribedTopicPartitions } from '../coordinator/group/consumer/describe-consumer-group.js';
import { AclOperation, authorizedGroup, authorizedOperations, ResourceType } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

const NOT_PROVIDED = -2147483648;
/** KIP-1099's member types: 0 classic, 1 consumer (every member here speaks the consumer protocol). */
const CONSUMER_MEMBER = 1;

function assignment(tps: DescribedTopicPartitions[]): ConsumerGroupDescribeResponseAssignment {
  const a = defaultConsumerGroupDescribeResponseAssignment();
  a.topicPartitions = tps.map((tp) => ({ topicId: tp.topicId, topicName: tp.topicName, partitions: tp.partitions }));
  return a;
}

export default defineHandler({
  apiKey: 69,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const r = defaultConsumerGroupDescribeResponse();
    r.groups = request.groupIds.map((groupId): ConsumerGroupDescribeResponseDescribedGroup => {
      const g = defaultConsumerGroupDescribeResponseDescribedGroup();
      g.groupId = groupId;
      g.authorizedOperations = NOT_PROVIDED;
      if (!authorizedGroup(ctx, AclOperation.DESCRIBE, groupId)) {
        g.errorCode = ErrorCode.GROUP_AUTHORIZATION_FAILED;
        return g;
      }
      const d = ctx.broker.groups.describeConsumerGroup(groupId);
      g.errorCode = d.errorCode;
      g.errorMessage = d.errorMessage;
      if (d.group === null) return g;
      g.groupState = d.group.groupState;
      g.groupEpoch = d.group.groupEpoch;
      g.assignmentEpoch = d.group.assignmentEpoch;
      g.assignorName = d.group.assignorName;
      g.members = d.group.members.map((m) => {
        const e = defaultConsumerGroupDescribeResponseMember();
        e.memberId = m.memberId;
        e.instanceId = m.instanceId;
        e.rackId = m.rackId;
        e.memberEpoch = m.memberEpoch;
        e.clientId = m.clientId;
        e.clientHost = m.clientHost;
        e.subscribedTopicNames = m.subscribedTopicNames;
        e.subscribedTopicRegex = m.subscribedTopicRegex;
        e.assignment = assignment(m.assignment);
        e.targetAssignment = assignment(m.targetAssignment);
        e.memberType = CONSUMER_MEMBER;
        return e;
      });
      if (request.includeAuthorizedOperations) {
        g.authorizedOperations = authorizedOperations(ctx, ResourceType.GROUP, groupId);
      }
      return g;
    });
    return r;
  },
  errorResponse(request, errorCode) {
    const r = defaultConsumerGroupDescribeResponse();
    r.groups = request.groupIds.map((groupId) => {
      const g = defaultConsumerGroupDescribeResponseDescribedGroup();
      g.groupId = groupId;
      g.errorCode = errorCode;
      return g;
    });
    return r;
  },
});
