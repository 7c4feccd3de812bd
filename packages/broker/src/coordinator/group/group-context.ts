/**
 * What the coordinator's parts (membership, offsets, admin) share: settings, the clock, the logger,
 * the groups, and the one way to persist records (append, then replay).
 */
import type { Logger } from '@samsa/common';
import type { GroupCoordinatorConfig } from './coordinator-config.js';
import type { CoordinatorRecord } from './coordinator-record.js';
import type { ClassicGroup } from './group.js';
import type { GroupStore } from './group-store.js';
import type { CoordinatorTimer } from './timer.js';

export interface GroupContext {
  readonly config: GroupCoordinatorConfig;
  readonly timer: CoordinatorTimer;
  readonly logger: Logger;
  readonly groups: GroupStore;
  /**
   * Appends the records to the group's partition and, once the append succeeded, replays them.
   * Returns the log's error code (NONE on success); nothing is replayed on failure.
   */
  write(group: ClassicGroup, records: CoordinatorRecord[]): number;
  /** The same for any partition (consumer groups, which are not ClassicGroups). */
  append(partition: number, records: CoordinatorRecord[]): number;
  /** The same for offset commits, batched with the others of this event-loop turn. */
  writeBatched(group: ClassicGroup, records: CoordinatorRecord[]): Promise<number>;
  /** CoordinatorLog.whenReplicated for the group's partition: acting only on what the ISR has. */
  whenReplicated(group: ClassicGroup, then: (code: number) => void): void;
}

export function groupRecord(group: ClassicGroup): CoordinatorRecord {
  return { kind: 'group', group: group.groupId, value: group.toRecord() };
}
