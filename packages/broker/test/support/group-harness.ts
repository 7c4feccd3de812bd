/**
 * Drives a GroupCoordinator directly, with a ManualTimer and an in-memory log: join/sync/heartbeat
 * helpers whose promises can be inspected before they settle.
 */
import { silentLogger } from '@samsa/common';
import { ErrorCode, Writer } from '@samsa/protocol';
import type { GroupCoordinatorConfig } from '../../src/coordinator/group/coordinator-config.js';
import { GroupCoordinator } from '../../src/coordinator/group/group-coordinator.js';
import type { JoinRequest } from '../../src/coordinator/group/membership.js';
import type { JoinResult, SyncResult } from '../../src/coordinator/group/results.js';
import { ManualTimer } from './manual-timer.js';
import { MemoryCoordinatorLog } from './memory-coordinator-log.js';

export const TEST_CONFIG: GroupCoordinatorConfig = {
  numPartitions: 4,
  minSessionTimeoutMs: 1000,
  maxSessionTimeoutMs: 60_000,
  initialRebalanceDelayMs: 3000,
  maxSize: 5,
  offsetMetadataMaxBytes: 20,
  offsetsRetentionMs: 60_000,
  offsetsRetentionCheckIntervalMs: 10_000,
  loadBufferSize: 1024,
  compressionCodec: 0,
  newMemberJoinTimeoutMs: 300_000,
};

/** A ConsumerProtocolSubscription v0: [int16 0][int32 n][string topic]*n[bytes userData = null]. */
export function subscription(...topics: string[]): Buffer {
  const w = new Writer(64);
  w.int16(0);
  w.int32(topics.length);
  for (const t of topics) w.string(t);
  w.int32(-1);
  return Buffer.from(w.toBuffer());
}

export interface Pending<T> {
  promise: Promise<T>;
  value: T | undefined;
  settled: boolean;
}

export function track<T>(promise: Promise<T>): Pending<T> {
  const p: Pending<T> = { promise, value: undefined, settled: false };
  promise.then((v) => {
    p.value = v;
    p.settled = true;
  });
  return p;
}

/** Lets promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

export class GroupHarness {
  readonly timer = new ManualTimer();
  readonly log: MemoryCoordinatorLog;
  coordinator: GroupCoordinator;
  readonly topics = new Map<string, number>([
    ['t1', 3],
    ['t2', 2],
  ]);

  constructor(
    readonly config: GroupCoordinatorConfig = TEST_CONFIG,
    log = new MemoryCoordinatorLog(),
  ) {
    this.log = log;
    this.coordinator = this.build();
  }

  private build(): GroupCoordinator {
    return new GroupCoordinator({
      config: this.config,
      log: this.log,
      timer: this.timer,
      logger: silentLogger,
      partitionExists: (t, p) => p >= 0 && p < (this.topics.get(t) ?? 0),
    });
  }

  async start(): Promise<this> {
    await this.coordinator.start();
    return this;
  }

  /** A new coordinator on the same log and clock: a broker restart. */
  async restart(): Promise<void> {
    this.coordinator.stop();
    this.coordinator = this.build();
    await this.coordinator.start();
  }

  join(groupId: string, overrides: Partial<JoinRequest> = {}): Pending<JoinResult> {
    return track(
      this.coordinator.joinGroup({
        groupId,
        memberId: '',
        groupInstanceId: null,
        clientId: 'client',
        clientHost: '/127.0.0.1',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 30_000,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: subscription('t1') }],
        requireKnownMemberId: false,
        supportsSkipAssignment: false,
        ...overrides,
      }),
    );
  }

  sync(
    groupId: string,
    memberId: string,
    generationId: number,
    assignments: Array<{ memberId: string; assignment: Buffer }> = [],
    groupInstanceId: string | null = null,
  ): Pending<SyncResult> {
    return track(
      this.coordinator.syncGroup({
        groupId,
        generationId,
        memberId,
        groupInstanceId,
        protocolType: null,
        protocolName: null,
        assignments,
      }),
    );
  }

  heartbeat(groupId: string, memberId: string, generationId: number, groupInstanceId: string | null = null): number {
    return this.coordinator.heartbeat(groupId, { memberId, groupInstanceId }, generationId);
  }

  state(groupId: string): string {
    return this.coordinator.describeGroup(groupId).state;
  }

  /**
   * One member joins an empty group and gets through the initial delay and its sync: returns its id
   * and the generation. The group is then Stable.
   */
  async stableSingle(
    groupId: string,
    overrides: Partial<JoinRequest> = {},
  ): Promise<{ memberId: string; generation: number }> {
    const j = this.join(groupId, overrides);
    this.timer.advance(this.config.initialRebalanceDelayMs);
    await flush();
    const r = j.value as JoinResult;
    if (r.errorCode !== ErrorCode.NONE) throw new Error(`join failed: ${r.errorCode}`);
    const s = this.sync(groupId, r.memberId, r.generationId, [{ memberId: r.memberId, assignment: Buffer.from('A') }]);
    await flush();
    if (s.value?.errorCode !== ErrorCode.NONE) throw new Error(`sync failed: ${s.value?.errorCode}`);
    return { memberId: r.memberId, generation: r.generationId };
  }
}
