/**
 * The target assignment of a consumer group for its current group epoch: the members'
 * subscriptions resolved to topic ids and partition counts, handed to the server assignor the
 * members ask for most (else the first of group.consumer.assignors). Pure: returns the members
 * whose target changed, the caller stores them and writes their records.
 */
import { type Assignment, EMPTY_ASSIGNMENT, equal } from './assignment.js';
import type { ServerAssignor } from './assignor.js';
import type { ConsumerGroup } from './consumer-group.js';
import { rangeAssignor } from './range-assignor.js';
import { memberTopics, type TopicLookup } from './subscriptions.js';
import { uniformAssignor } from './uniform-assignor.js';

export const ASSIGNORS: Readonly<Record<string, ServerAssignor>> = { uniform: uniformAssignor, range: rangeAssignor };

export function targetAssignment(
  group: ConsumerGroup,
  topics: TopicLookup,
  defaultAssignor: string,
): Map<string, Assignment> {
  const partitionCounts = new Map<string, number>();
  const members = [...group.members.values()].map((m) => {
    const ids = new Set<string>();
    for (const name of memberTopics(m.metadata, topics)) {
      const id = topics.idOf(name);
      const count = topics.partitionCount(name);
      if (id === undefined || count === undefined) continue;
      ids.add(id);
      partitionCounts.set(id, count);
    }
    return { memberId: m.memberId, subscribedTopicIds: ids, current: group.targetOf(m.memberId) };
  });
  const assignor = ASSIGNORS[group.preferredAssignor() ?? defaultAssignor] ?? uniformAssignor;
  const target = assignor.assign({ members, partitionCounts });
  const changed = new Map<string, Assignment>();
  for (const m of members) {
    const next = target.get(m.memberId) ?? EMPTY_ASSIGNMENT;
    if (!equal(next, m.current) || !group.targetAssignment.has(m.memberId)) changed.set(m.memberId, next);
  }
  return changed;
}
