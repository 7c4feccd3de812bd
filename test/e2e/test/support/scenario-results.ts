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
