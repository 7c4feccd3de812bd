/**
 * Java programs of the e2e suite (Kafka Streams applications, a Connect worker) built against the
 * fetched Apache Kafka jars and run as long-lived children that a test can wait on, signal and
 * kill. Every wait is bounded; a test process that dies without stopping them kills them on exit.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type KafkaVersion, referencesDir } from './references.js';

/** JVM settings that keep a test JVM small and its CPU low on a shared machine. */
const JVM_FLAGS = ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

export function kafkaClasspath(version: KafkaVersion): string {
  return `${join(referencesDir(), `kafka-${version}`, 'libs')}/*`;
}

/**
 * Compiles Java sources against one Kafka version's jars, into the references cache under a name
 * derived from their content: an unchanged source is compiled once per machine. Returns the
 * classes directory.
 */
export function compileJava(version: KafkaVersion, sources: string[]): string {
  const hash = createHash('sha256');
  for (const s of sources) hash.update(basename(s)).update(readFileSync(s));
  const out = join(referencesDir(), 'e2e-classes', `${version}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(out)) return out;
  const tmp = `${out}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  const r = spawnSync('javac', ['-nowarn', '-d', tmp, '-cp', kafkaClasspath(version), ...sources], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`javac failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
  // Another test process may have finished first; its classes are the same.
  if (existsSync(out)) rmSync(tmp, { recursive: true, force: true });
  else renameSync(tmp, out);
  return out;
}

export interface JavaAppOptions {
  version: KafkaVersion;
  mainClass: string;
  args: string[];
  /** Directories or jars put before Kafka's jars on the classpath (compiled test programs). */
  classpath?: string[];
  /** slf4j-simple's level for the program's logging (Kafka's clients log through it); default warn, or SAMSA_E2E_JAVA_LOG. */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** System properties, -Dkey=value. */
  properties?: Record<string, string>;
}

/** A running Java program: its output so far, waits for lines, signals. */
export class JavaApp {
  private out = '';
  /** Characters received in all, including those the bounded buffer dropped. */
  private received = 0;
  private readonly exited: Promise<void>;
  private readonly reap = () => this.child.kill('SIGKILL');

  private constructor(readonly child: ChildProcess) {
    const keep = (d: Buffer) => {
      // Enough to explain a failure, bounded so a chatty JVM cannot grow the test's memory.
      const text = d.toString('utf8');
      this.received += text.length;
      this.out = (this.out + text).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    process.once('exit', this.reap);
    child.once('exit', () => process.off('exit', this.reap));
  }

  static start(options: JavaAppOptions): JavaApp {
    const props = Object.entries({
      'org.slf4j.simpleLogger.defaultLogLevel': options.logLevel ?? process.env.SAMSA_E2E_JAVA_LOG ?? 'warn',
      'org.slf4j.simpleLogger.showDateTime': 'true',
      ...options.properties,
    }).map(([k, v]) => `-D${k}=${v}`);
    const classpath = [...(options.classpath ?? []), kafkaClasspath(options.version)].join(':');
    const child = spawn('java', [...JVM_FLAGS, ...props, '-cp', classpath, options.mainClass, ...options.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new JavaApp(child);
  }

  /** Everything the program printed (stdout and stderr interleaved), for failure messages. */
  get output(): string {
    return this.out;
  }

  /** A mark in the output, for `outputSince`. */
  get mark(): number {
    return this.received;
  }

  /** What the program printed after `mark` (as much of it as the bounded buffer still holds). */
  outputSince(mark: number): string {
    return this.out.slice(Math.max(0, this.out.length - (this.received - mark)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Waits until the output (after `since`, a mark) matches `pattern`; fails if the program exits
   * first or the time is up.
   */
  async waitForOutput(
    pattern: RegExp,
    what: string,
    options: { timeoutMs?: number; since?: number } = {},
  ): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.outputSince(options.since ?? 0))) {
      if (!this.running) throw new Error(`${what}: the program exited (${this.describeExit()}):\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${what}: not seen after ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Sends a signal and waits (bounded) for the exit; SIGKILL follows a SIGTERM not obeyed in time. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGKILL', timeoutMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref()),
    ]);
    if (timedOut) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  tail(chars = 6_000): string {
    return this.out.slice(-chars);
  }

  private describeExit(): string {
    return this.child.signalCode ?? `code ${this.child.exitCode}`;
  }
}
