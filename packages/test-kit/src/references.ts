/**
 * The reference implementations fetched by scripts/references/install.sh (Apache Kafka's jars,
 * current Python clients in a virtualenv, franz-go and sarama drivers), run as bounded child
 * processes. The cache lives outside the repository: SAMSA_REFERENCES, or
 * ~/.cache/samsa-references as the install script defaults.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type RunResult, run } from './processes.js';

/** The Apache Kafka versions install.sh fetches: the last ZooKeeper line and a KRaft one. */
export const KAFKA_VERSIONS = ['3.9.2', '4.1.2'] as const;
export type KafkaVersion = (typeof KAFKA_VERSIONS)[number];

export function referencesDir(): string {
  return process.env.SAMSA_REFERENCES ?? join(homedir(), '.cache', 'samsa-references');
}

/**
 * Why the references cannot run here, or false when they can. On CI they must be there (.ci/run
 * installs them), so a missing cache fails the suite instead of skipping it.
 */
export function referencesMissing(): string | false {
  const dir = referencesDir();
  const missing = [
    ...KAFKA_VERSIONS.map((v) => join(dir, `kafka-${v}`, '.complete')),
    join(dir, 'venv', 'bin', 'python'),
    join(dir, 'bin', 'franz'),
    join(dir, 'bin', 'sarama'),
  ].filter((p) => !existsSync(p));
  if (missing.length === 0 || process.env.CI) return false;
  return `reference clients not installed (run scripts/references/install.sh): ${missing.join(', ')}`;
}

/**
 * Runs a class of Apache Kafka's jars (a tool's main class, as its bin/*.sh script would) with the
 * JVM settings of Kafka's tool scripts, quiet logging, and a bound on time.
 */
export function kafkaJava(
  version: KafkaVersion,
  mainClass: string,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const classpath = `${join(referencesDir(), `kafka-${version}`, 'libs')}/*`;
  return run(
    'java',
    ['-Xmx512M', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', classpath, mainClass, ...args],
    { timeoutMs: options.timeoutMs ?? 60_000, ...(options.input !== undefined ? { input: options.input } : {}) },
  );
}

/** Runs a Python snippet in the reference virtualenv (confluent-kafka 2.x, kafka-python 2.2). */
export function referencePython(script: string, args: string[] = [], timeoutMs = 60_000): Promise<RunResult> {
  return run(join(referencesDir(), 'venv', 'bin', 'python'), ['-c', script, ...args], { timeoutMs });
}

/** Runs one of the Go scenario drivers (`franz` or `sarama`) built by install.sh. */
export function goDriver(name: 'franz' | 'sarama', args: string[], timeoutMs = 90_000): Promise<RunResult> {
  return run(join(referencesDir(), 'bin', name), args, { timeoutMs });
}
