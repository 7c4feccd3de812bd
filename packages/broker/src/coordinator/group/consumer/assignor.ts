/**
 * Server-side assignors (KIP-848): pure functions from the group's members and their subscribed
 * topics to a target assignment. Kafka's `group.consumer.assignors` names them; the first
 * configured is the group's default, and a member may ask for another by name (serverAssignor).
 */
import type { Assignment } from './assignment.js';

export interface AssignorMember {
  memberId: string;
  /** Topic ids the member subscribes to that exist now. */
  subscribedTopicIds: ReadonlySet<string>;
  /** The member's previous target assignment, for stickiness. */
  current: Assignment;
}

export interface AssignmentSpec {
  /** In a stable order (the group's member order); assignors must not depend on Map order otherwise. */
  members: readonly AssignorMember[];
  /** Partition count of every topic some member subscribes to, by topic id. */
  partitionCounts: ReadonlyMap<string, number>;
}

export interface ServerAssignor {
  readonly name: string;
  assign(spec: AssignmentSpec): Map<string, Assignment>;
}

/** Kafka's short names and the class names Kafka 4.x also accepts in the config. */
export const ASSIGNOR_CLASS_NAMES: Readonly<Record<string, string>> = {
  'org.apache.kafka.coordinator.group.assignor.UniformAssignor': 'uniform',
  'org.apache.kafka.coordinator.group.assignor.RangeAssignor': 'range',
  'org.apache.kafka.coordinator.group.api.assignor.UniformAssignor': 'uniform',
  'org.apache.kafka.coordinator.group.api.assignor.RangeAssignor': 'range',
};
