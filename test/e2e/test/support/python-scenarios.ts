/**
 * The Python reference clients' scenario scripts (test/e2e/python), run in the reference
 * virtualenv (confluent-kafka 2.x, kafka-python 2.2), one process per script, and the checks of
 * what confluent-kafka's groups and AdminClient observed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSuccess, referencePython } from '@samsa/test-kit';
import { assertCooperativeStatic, type CooperativeStaticResult } from './scenario-results.js';

const SCRIPTS = join(import.meta.dirname, '..', '..', '..', 'python');

export async function runPythonScript(file: string, args: string[], timeoutMs = 180_000): Promise<unknown> {
  const script = readFileSync(join(SCRIPTS, file), 'utf8');
  return JSON.parse(expectSuccess(await referencePython(script, args, timeoutMs), file).stdout);
}

export function assertConfluentGroupsAdmin(
  r: { groups: CooperativeStaticResult; admin: Record<string, unknown> },
  options: { brokers: number; replicationFactor: number },
): void {
  assertCooperativeStatic(r.groups, 'confluent-kafka');
  assert.deepEqual(r.admin, {
    listed: true,
    describedPartitions: 3,
    replicas: options.replicationFactor,
    partitionsAfterIncrease: 5,
    retentionMs: '3600000',
    nodes: options.brokers,
    clusterIdPresent: true,
    controllerAmongNodes: true,
    offsetForTime: 5,
    offsetForLateTime: -1,
    maxTimestampOffset: 19,
    latest: 20,
    lowWatermark: 10,
    earliestAfterDelete: 10,
    groupListed: true,
    groupState: 'ConsumerGroupState.EMPTY',
    committed: 15,
    committedAfterAlter: 12,
    groupListedAfterDelete: false,
    listedAfterDelete: false,
  });
}
