/**
 * Every group this coordinator knows, and the one function that applies __consumer_offsets records
 * to them. Loading a partition and live commits both go through replay(): an offset record sets or
 * (tombstone) removes a committed offset, a group tombstone removes the group. A group metadata
 * value rebuilds the group only while loading; live, the record was written from the group's own
 * state, which is already ahead of it.
 *
 * Owned by the GroupCoordinator; used on the event loop only.
 */

import { ConsumerGroups } from './consumer/consumer-groups.js';
import type { CoordinatorRecord } from './coordinator-record.js';
import { ClassicGroup } from './group.js';
import type { GroupMetadataValue } from './group-metadata-record.js';
import { ClassicMember } from './member.js';

export type ReplayMode = 'load' | 'live';

export class GroupStore {
  private readonly groups = new Map<string, ClassicGroup>();
  /** KIP-848 groups; a group id names at most one of a consumer group and a classic group with members. */
  readonly consumer = new ConsumerGroups();

  get(groupId: string): ClassicGroup | undefined {
    return this.groups.get(groupId);
  }

  getOrCreate(groupId: string, partition: number, now: number): ClassicGroup {
    let g = this.groups.get(groupId);
    if (!g) {
      g = new ClassicGroup(groupId, partition, now);
      this.groups.set(groupId, g);
    }
    return g;
  }

  /** Drops a group from memory (it is Dead or its partition was unloaded). */
  remove(group: ClassicGroup): void {
    group.cancelTimers();
    if (this.groups.get(group.groupId) === group) this.groups.delete(group.groupId);
  }

  all(): IterableIterator<ClassicGroup> {
    return this.groups.values();
  }

  inPartition(partition: number): ClassicGroup[] {
    return [...this.groups.values()].filter((g) => g.partition === partition);
  }

  get size(): number {
    return this.groups.size;
  }

  replay(record: CoordinatorRecord, partition: number, mode: ReplayMode, now: number): void {
    switch (record.kind) {
      case 'offset': {
        const { group: groupId, topic, partition: index } = record.key;
        if (record.value === null) {
          this.groups.get(groupId)?.offsets.delete(topic, index);
          return;
        }
        const { offset, leaderEpoch, metadata, commitTimestamp } = record.value;
        this.getOrCreate(groupId, partition, now).offsets.set(topic, index, {
          offset,
          leaderEpoch,
          metadata,
          commitTimestamp,
        });
        return;
      }
      case 'group': {
        const existing = this.groups.get(record.group);
        if (record.value === null) {
          if (existing) {
            if (mode === 'live' && !existing.is('Dead')) existing.transitionTo('Dead', now);
            this.remove(existing);
          }
          return;
        }
        if (mode === 'load') this.rebuild(record.group, partition, record.value, now);
        return;
      }
      case 'consumer':
        if (mode === 'load') this.consumer.load(record.record, partition);
        return;
      case 'unknown':
        return;
    }
  }

  /** A group as its latest metadata record describes it; offsets already replayed are kept. */
  private rebuild(groupId: string, partition: number, v: GroupMetadataValue, now: number): void {
    const old = this.groups.get(groupId);
    const g = new ClassicGroup(groupId, partition, v.currentStateTimestamp >= 0 ? v.currentStateTimestamp : now);
    if (old) for (const e of old.offsets.entries()) g.offsets.set(e.topic, e.partition, e.value);
    old?.cancelTimers();
    g.generationId = v.generation;
    g.protocolType = v.protocolType === '' ? null : v.protocolType;
    g.protocolName = v.protocol;
    for (const m of v.members) {
      g.add(
        new ClassicMember({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          rebalanceTimeoutMs: m.rebalanceTimeout,
          sessionTimeoutMs: m.sessionTimeout,
          protocolType: v.protocolType,
          protocols: v.protocol === null ? [] : [{ name: v.protocol, metadata: m.subscription }],
          assignment: m.assignment,
        }),
      );
    }
    g.leaderId = v.leader;
    // Loading is not a transition: the group resumes in the state its record implies.
    g.state = v.members.length > 0 ? 'Stable' : 'Empty';
    this.groups.set(groupId, g);
  }
}
