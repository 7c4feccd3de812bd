/**
 * Kafka's Java client (3.9 and 4.1) through the conformance scenarios (test/e2e/java/clients,
 * compiled against each version's jars): one JVM per version runs them all and prints one JSON
 * object; this module runs it and checks what it saw.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileJava, expectSuccess, type KafkaVersion, kafkaClasspath, run } from '@samsa/test-kit';
import { assertScenario, assertTransactions, COUNT, type DriverResult, type TxnResult } from './scenario-results.js';

const SOURCES = join(import.meta.dirname, '..', '..', '..', 'java', 'clients');

export interface JavaRun {
  results: Record<string, unknown>;
  /** What the JVM logged (slf4j-simple at WARN): Kafka's clients warn and err here. */
  log: string;
}

export async function runJavaScenarios(options: {
  version: KafkaVersion;
  bootstrap: string;
  prefix: string;
  replicationFactor: number;
  codecs: readonly string[];
}): Promise<JavaRun> {
  const sources = readdirSync(SOURCES)
    .filter((f) => f.endsWith('.java'))
    .map((f) => join(SOURCES, f));
  const classes = compileJava(options.version, sources);
  const r = expectSuccess(
    await run(
      'java',
      [
        '-Xmx256m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
        '-cp',
        `${classes}:${kafkaClasspath(options.version)}`,
        'ClientScenarios',
        options.bootstrap,
        options.prefix,
        String(options.replicationFactor),
        String(COUNT),
        options.codecs.join(','),
      ],
      { timeoutMs: 300_000 },
    ),
    `Java client ${options.version}`,
  );
  return { results: JSON.parse(r.stdout) as Record<string, unknown>, log: r.stderr };
}

function noError(value: unknown, what: string): void {
  const error = (value as { error?: string } | undefined)?.error;
  assert.equal(error, undefined, `${what} failed in the Java client:\n${error}`);
}

export function assertJavaScenarios(
  run: JavaRun,
  options: { prefix: string; codecs: readonly string[]; brokers: number; replicationFactor: number },
): void {
  for (const [name, value] of Object.entries(run.results)) noError(value, name);
  for (const codec of options.codecs) assertScenario(run.results[`produce-${codec}`] as DriverResult, `Java ${codec}`);
  assertTransactions(run.results.transactions as TxnResult, 'Java transactions');

  const group = run.results['cooperative-static'] as Record<string, unknown>;
  // KIP-429: the first member gave up only what moved (two of four partitions), never everything.
  assert.equal(group.firstMaxRevoked, 2, `cooperative-sticky: ${JSON.stringify(group)}`);
  assert.equal((group.firstOwned as number[]).length, 2);
  assert.deepEqual(
    [...(group.firstOwned as number[]), ...(group.secondBefore as number[])].sort(),
    [0, 1, 2, 3],
    'the two members share the four partitions',
  );
  // KIP-345: the static member came back to its own partitions and the other saw no rebalance.
  assert.deepEqual(group.secondAfter, group.secondBefore, `static member: ${JSON.stringify(group)}`);
  assert.deepEqual(group.firstEventsDuringReturn, [], 'the other member saw no rebalance');

  const admin = run.results.admin as Record<string, unknown>;
  const rf = options.replicationFactor;
  assert.deepEqual(admin, {
    brokerLogRetentionHours: '168',
    clusterIdPresent: true,
    committed: 15,
    committedAfterAlter: 12,
    controllerAmongNodes: true,
    describedPartitions: { [`${options.prefix}-admin`]: 3, [`${options.prefix}-coop`]: 4 },
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
    offsetForLateTime: -1,
    offsetForTime: 5,
    partitionsAfterIncrease: 5,
    producerByteRate: 1048576,
    replicas: rf,
    retentionMs: '3600000',
  });
}
