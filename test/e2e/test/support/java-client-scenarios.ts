/**
 * Kafka's Java client (3.9 and 4.1) through the conformance scenarios (test/e2e/java/clients,
 * compiled against each version's jars): one JVM per version runs them all and prints one JSON
 * object; this module runs it and checks what it saw.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileJava, expectSuccess, type KafkaVersion, kafkaClasspath, run } from '@samsa/test-kit';
import {
  assertAdminRows,
  assertCooperativeStatic,
  assertScenario,
  assertTransactions,
  COUNT,
  type CooperativeStaticResult,
  type DriverResult,
  type TxnResult,
} from './scenario-results.js';

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

  const group = run.results['cooperative-static'] as CooperativeStaticResult & { firstMaxRevoked: number };
  assertCooperativeStatic(group, 'Java');
  // The first member's revocations never covered everything it owned (eager would revoke all four).
  assert.equal(group.firstMaxRevoked, 2, `Java cooperative-sticky: ${JSON.stringify(group)}`);

  const admin = run.results.admin as Record<string, unknown>;
  assertAdminRows(admin, {
    // Seven pages of one partition each (see AdminScenarios.java): three and four partitions.
    describedPartitions: { [`${options.prefix}-admin`]: 3, [`${options.prefix}-coop`]: 4 },
    offsetForLateTime: -1,
    brokers: options.brokers,
    replicationFactor: options.replicationFactor,
  });
}
