/**
 * The load generator: bench/native/rdkperf.c, compiled here against Debian's librdkafka-dev on
 * first use. librdkafka is what most non-Java Kafka clients are built on; driving it from C keeps
 * the generator's CPU cost (which shares this machine's cores with the broker) as low as it gets.
 */
import { existsSync } from 'node:fs';
import { runChild } from './child.js';
import { buildNativeTool, type GeneratorResult, runGenerator } from './native-tool.js';

export type { GeneratorResult };

/** Producer settings of a tuned, real producer: batches of up to 1 MB, 5 ms linger, a deep queue. */
export const PRODUCER_CONFIG = [
  'linger.ms=5',
  'batch.size=1000000',
  'queue.buffering.max.messages=2000000',
  'queue.buffering.max.kbytes=2097151',
  'compression.type=none',
];

/** Consumer settings: 8 MiB per partition per fetch and a deep prefetch queue, as for catch-up reading. */
export const CONSUMER_CONFIG = [
  'fetch.message.max.bytes=8388608',
  'fetch.max.bytes=52428800',
  // The default (100,000) makes the legacy consumer pause fetching whenever that many small records
  // wait in its queue, which halves catch-up speed for 100 B records.
  'queued.min.messages=1000000',
];

export class LoadGenerator {
  private constructor(
    private readonly binary: string,
    readonly librdkafkaVersion: string,
  ) {}

  static async build(repoRoot: string): Promise<LoadGenerator> {
    if (!existsSync('/usr/include/librdkafka/rdkafka.h')) {
      throw new Error('librdkafka headers missing: apt-get install librdkafka-dev gcc (see .ci/run)');
    }
    const binary = await buildNativeTool(repoRoot, 'rdkperf', ['rdkafka', 'pthread']);
    const v = await runChild(binary, ['version'], 10_000);
    return new LoadGenerator(binary, v.stdout.trim());
  }

  async produce(o: {
    bootstrap: string;
    topic: string;
    records: number;
    size: number;
    acks: 1 | -1;
    rate?: number;
    /** With rate: where to write the latency distribution ("quantile ms" lines). */
    cdfPath?: string;
    /** Create the topic with this many partitions and spread records over them round robin. */
    partitions?: number;
    extraConfig?: readonly string[];
    timeoutMs: number;
  }): Promise<GeneratorResult> {
    const args = ['produce', '-b', o.bootstrap, '-t', o.topic, '-n', String(o.records), '-s', String(o.size)];
    if (o.rate) args.push('-r', String(Math.round(o.rate)));
    if (o.cdfPath) args.push('-c', o.cdfPath);
    if (o.partitions) args.push('-P', String(o.partitions));
    for (const c of [...PRODUCER_CONFIG, `acks=${o.acks}`, ...(o.extraConfig ?? [])]) args.push('-X', c);
    return this.run(args, o.timeoutMs);
  }

  /** Paced produce with a consumer in the same process: end-to-end latency of every record. */
  async e2e(o: {
    bootstrap: string;
    topic: string;
    records: number;
    size: number;
    rate: number;
    cdfPath: string;
    timeoutMs: number;
  }): Promise<GeneratorResult> {
    const args = ['e2e', '-b', o.bootstrap, '-t', o.topic, '-n', String(o.records), '-s', String(o.size)];
    args.push('-r', String(Math.round(o.rate)), '-c', o.cdfPath);
    for (const c of [...PRODUCER_CONFIG, 'acks=-1']) args.push('-X', c);
    for (const c of CONSUMER_CONFIG) args.push('-C', c);
    return this.run(args, o.timeoutMs);
  }

  /** A consumer group of `members` librdkafka consumers reading the topic from the start. */
  async groupConsume(o: {
    bootstrap: string;
    topic: string;
    records: number;
    members: number;
    timeoutMs: number;
  }): Promise<GeneratorResult> {
    const args = ['group', '-b', o.bootstrap, '-t', o.topic, '-n', String(o.records), '-m', String(o.members)];
    for (const c of CONSUMER_CONFIG) args.push('-X', c);
    return this.run(args, o.timeoutMs);
  }

  async consume(o: {
    bootstrap: string;
    topic: string;
    records: number;
    timeoutMs: number;
    extraConfig?: readonly string[];
  }): Promise<GeneratorResult> {
    const args = ['consume', '-b', o.bootstrap, '-t', o.topic, '-n', String(o.records)];
    for (const c of [...CONSUMER_CONFIG, ...(o.extraConfig ?? [])]) args.push('-X', c);
    return this.run(args, o.timeoutMs);
  }

  private run(args: string[], timeoutMs: number): Promise<GeneratorResult> {
    return runGenerator(this.binary, args, timeoutMs);
  }
}
