/**
 * How a consumer (KIP-848) group is shown: ConsumerGroupDescribe's full view (epochs, each member's
 * current and target assignment by topic id and name), and DescribeGroups' classic view of it
 * (protocol type "consumer", the assignor as protocol, subscriptions and assignments encoded in
 * the classic consumer protocol), as Kafka's ConsumerGroup.asDescribedGroup does.
 */
import {
  defaultConsumerProtocolAssignment,
  defaultConsumerProtocolSubscription,
  writeConsumerProtocolAssignment,
  writeConsumerProtocolSubscription,
} from '@samsa/protocol';
import { type Assignment, toTopicPartitions } from './assignment.js';
import type { ConsumerGroup } from './consumer-group.js';
import type { TopicLookup } from './subscriptions.js';

export interface DescribedTopicPartitions {
  topicId: string;
  topicName: string;
  partitions: number[];
}

export interface ConsumerMemberDescription {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  assignment: DescribedTopicPartitions[];
  targetAssignment: DescribedTopicPartitions[];
}

export interface ConsumerGroupDescription {
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerMemberDescription[];
}

function named(a: Assignment, topics: TopicLookup): DescribedTopicPartitions[] {
  return toTopicPartitions(a).map((tp) => ({ ...tp, topicName: topics.nameOf(tp.topicId) ?? '' }));
}

export function describeConsumerGroup(
  g: ConsumerGroup,
  topics: TopicLookup,
  defaultAssignor: string,
): ConsumerGroupDescription {
  return {
    groupId: g.groupId,
    groupState: g.state,
    groupEpoch: g.groupEpoch,
    assignmentEpoch: g.assignmentEpoch,
    assignorName: g.preferredAssignor() ?? defaultAssignor,
    members: [...g.members.values()].map((m) => ({
      memberId: m.memberId,
      instanceId: m.metadata.instanceId,
      rackId: m.metadata.rackId,
      memberEpoch: m.memberEpoch,
      clientId: m.metadata.clientId,
      clientHost: m.metadata.clientHost,
      subscribedTopicNames: m.metadata.subscribedTopicNames,
      subscribedTopicRegex: m.metadata.subscribedTopicRegex,
      assignment: named(m.assignment.assigned, topics),
      targetAssignment: named(g.targetOf(m.memberId), topics),
    })),
  };
}

/** Member metadata and assignment bytes for DescribeGroups (classic consumer protocol, version 0). */
export function classicView(member: ConsumerMemberDescription): { metadata: Buffer; assignment: Buffer } {
  const s = defaultConsumerProtocolSubscription();
  s.topics = [...member.subscribedTopicNames];
  const a = defaultConsumerProtocolAssignment();
  a.assignedPartitions = member.assignment.map((tp) => ({ topic: tp.topicName, partitions: tp.partitions }));
  return { metadata: writeConsumerProtocolSubscription(s, 0), assignment: writeConsumerProtocolAssignment(a, 0) };
}
