/**
 * What every client's scenario reports, and the checks that hold for all of them: keyed records on
 * the partition Java's default partitioner picks (murmur2), each read back once, committed offsets
 * adding up; a read_committed consumer seeing every committed and no aborted record.
 */
import assert from 'node:assert/strict';
import { partitionForKey } from '@samsa/client';

export const COUNT = 300;
export const PARTITIONS = 3;

export interface DriverResult {
  produced: number;
  consumed: number;
  partitionByKey: Record<string, number>;
  committedOffsets: Record<string, number>;
}

export function assertScenario(r: DriverResult, what: string): void {
  assert.equal(r.produced, COUNT, `${what}: produced`);
  assert.equal(r.consumed, COUNT, `${what}: consumed (each on the partition it was produced to)`);
  for (const [key, partition] of Object.entries(r.partitionByKey)) {
    assert.equal(partition, partitionForKey(Buffer.from(key), PARTITIONS), `${what}: partition of ${key}`);
  }
  const committed = Object.values(r.committedOffsets).reduce((a, b) => a + Number(b), 0);
  assert.equal(committed, COUNT, `${what}: committed offsets add up to the records read`);
}

export interface TxnResult {
  aborted: number;
  committed: number;
  seenCommitted: number;
  seenAborted: number;
}

export function assertTransactions(r: TxnResult, what: string): void {
  assert.equal(r.aborted, COUNT, `${what}: records produced in the aborted transaction`);
  assert.equal(r.committed, COUNT, `${what}: records produced in the committed transaction`);
  assert.equal(r.seenCommitted, COUNT, `${what}: read_committed sees every committed record`);
  assert.equal(r.seenAborted, 0, `${what}: read_committed sees no aborted record`);
}

/** What a cooperative-sticky group with two static members went through (see the drivers). */
export interface CooperativeStaticResult {
  firstOwned: number[];
  secondBefore: number[];
  secondAfter: number[];
  firstEventsDuringReturn: unknown[];
}

/**
 * KIP-429: the second member took half of the four partitions while the first kept the rest;
 * KIP-345: the static second member, closed and back within its session, got its own partitions
 * again and the first member saw no rebalance.
 */
export function assertCooperativeStatic(r: CooperativeStaticResult, what: string): void {
  const all = JSON.stringify(r);
  assert.equal(r.firstOwned.length, 2, `${what}: the first member keeps two partitions: ${all}`);
  assert.deepEqual([...r.firstOwned, ...r.secondBefore].sort(), [0, 1, 2, 3], `${what}: shared: ${all}`);
  assert.deepEqual(r.secondAfter, r.secondBefore, `${what}: the static member's partitions: ${all}`);
  assert.deepEqual(r.firstEventsDuringReturn, [], `${what}: no rebalance for the other member: ${all}`);
}

/**
 * The admin rows as every client reports them (see the drivers): a 3-partition topic grown to 5,
 * retention.ms set, twenty records one second apart on partition 0 (offset for the 5th second: 5;
 * max timestamp: 19; end: 20), records before 10 deleted, a group's offset committed (15),
 * altered (12), deleted with its group, log dirs holding every replica, a client-id quota.
 */
export function assertAdminRows(
  r: Record<string, unknown>,
  options: { brokers: number; replicationFactor: number; offsetForLateTime: number; describedPartitions: unknown },
): void {
  const rf = options.replicationFactor;
  assert.deepEqual(r, {
    brokerLogRetentionHours: '168',
    clusterIdPresent: true,
    committed: 15,
    committedAfterAlter: 12,
    controllerAmongNodes: true,
    describedPartitions: options.describedPartitions,
    earliestAfterDelete: 10,
    groupListed: true,
    groupListedAfterDelete: false,
    groupState: 'Empty',
    latest: 20,
    listed: true,
    listedAfterDelete: false,
    logDirReplicas: 5 * rf,
    lowWatermark: 10,
    maxTimestampOffset: 19,
    nodes: options.brokers,
    offsetAfterOffsetDelete: false,
    offsetForLateTime: options.offsetForLateTime,
    offsetForTime: 5,
    partitionsAfterIncrease: 5,
    producerByteRate: 1048576,
    replicas: rf,
    retentionMs: '3600000',
  });
}
