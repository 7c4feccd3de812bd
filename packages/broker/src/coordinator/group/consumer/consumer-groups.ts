/**
 * Every consumer (KIP-848) group the coordinator knows, and the replay of their records when a
 * __consumer_offsets partition loads. Live, records are written from the groups' own state, which
 * is already ahead of them, so replay applies only while loading (as for classic groups).
 * Owned by the GroupStore; used on the event loop only.
 */
import { EMPTY_ASSIGNMENT } from './assignment.js';
import { ConsumerGroup } from './consumer-group.js';
import type { ConsumerGroupRecord, MemberMetadata } from './consumer-group-records.js';
import { ConsumerMember } from './consumer-member.js';

const PLACEHOLDER: MemberMetadata = {
  instanceId: null,
  rackId: null,
  clientId: '',
  clientHost: '',
  subscribedTopicNames: [],
  subscribedTopicRegex: null,
  rebalanceTimeoutMs: -1,
  serverAssignor: null,
};

export class ConsumerGroups {
  private readonly groups = new Map<string, ConsumerGroup>();

  get(groupId: string): ConsumerGroup | undefined {
    return this.groups.get(groupId);
  }

  getOrCreate(groupId: string, partition: number): ConsumerGroup {
    let g = this.groups.get(groupId);
    if (!g) {
      g = new ConsumerGroup(groupId, partition);
      this.groups.set(groupId, g);
    }
    return g;
  }

  remove(group: ConsumerGroup): void {
    group.cancelTimers();
    if (this.groups.get(group.groupId) === group) this.groups.delete(group.groupId);
  }

  all(): IterableIterator<ConsumerGroup> {
    return this.groups.values();
  }

  inPartition(partition: number): ConsumerGroup[] {
    return [...this.groups.values()].filter((g) => g.partition === partition);
  }

  /** Applies one record read from the log (loading). */
  load(r: ConsumerGroupRecord, partition: number): void {
    if (r.type === 3) {
      if (r.value === null) {
        const g = this.groups.get(r.group);
        if (g) this.remove(g);
        return;
      }
      const g = this.getOrCreate(r.group, partition);
      g.groupEpoch = r.value.epoch;
      g.metadataHash = r.value.metadataHash;
      return;
    }
    const g = this.getOrCreate(r.group, partition);
    switch (r.type) {
      case 6:
        g.assignmentEpoch = r.value?.assignmentEpoch ?? 0;
        return;
      case 5: {
        if (r.value === null) {
          g.remove(r.member);
          return;
        }
        const m = g.members.get(r.member);
        if (m) {
          m.metadata = r.value;
          g.add(m);
        } else g.add(new ConsumerMember(r.member, r.value));
        return;
      }
      case 7:
        if (r.value === null) g.targetAssignment.delete(r.member);
        else g.targetAssignment.set(r.member, r.value);
        return;
      case 8: {
        if (r.value === null) {
          const m = g.members.get(r.member);
          if (m) m.assignment = { ...m.assignment, assigned: EMPTY_ASSIGNMENT, pendingRevocation: EMPTY_ASSIGNMENT };
          return;
        }
        let m = g.members.get(r.member);
        if (!m) {
          m = new ConsumerMember(r.member, PLACEHOLDER);
          g.add(m);
        }
        m.assignment = r.value;
        return;
      }
    }
  }
}
