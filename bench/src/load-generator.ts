/**
 * The load generator: bench/native/rdkperf.c, compiled here against Debian's librdkafka-dev on
 * first use. librdkafka is what most non-Java Kafka clients are built on; driving it from C keeps
 * the generator's CPU cost (which shares this machine's cores with the broker) as low as it gets.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './child.js';

export interface GeneratorResult {
  records: number;
  failed: number;
  bytes: number;
  seconds: number;
  p50Ms?: number;
  p99Ms?: number;
  p999Ms?: number;
  maxMs?: number;
  error: string;
}

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
    const source = join(repoRoot, 'bench/native/rdkperf.c');
    const outDir = join(repoRoot, 'bench/dist/native');
    const binary = join(outDir, 'rdkperf');
    if (!existsSync('/usr/include/librdkafka/rdkafka.h')) {
      throw new Error('librdkafka headers missing: apt-get install librdkafka-dev gcc (see .ci/run)');
    }
    if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
      mkdirSync(outDir, { recursive: true });
      const cc = await runChild('cc', ['-O2', '-o', binary, source, '-lrdkafka'], 120_000);
      if (cc.code !== 0) throw new Error(`compiling ${source} failed:\n${cc.stderr}`);
    }
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
    extraConfig?: readonly string[];
    timeoutMs: number;
  }): Promise<GeneratorResult> {
    const args = ['produce', '-b', o.bootstrap, '-t', o.topic, '-n', String(o.records), '-s', String(o.size)];
    if (o.rate) args.push('-r', String(Math.round(o.rate)));
    for (const c of [...PRODUCER_CONFIG, `acks=${o.acks}`, ...(o.extraConfig ?? [])]) args.push('-X', c);
    return this.run(args, o.timeoutMs);
  }

  async consume(o: { bootstrap: string; topic: string; records: number; timeoutMs: number }): Promise<GeneratorResult> {
    const args = ['consume', '-b', o.bootstrap, '-t', o.topic, '-n', String(o.records)];
    for (const c of CONSUMER_CONFIG) args.push('-X', c);
    return this.run(args, o.timeoutMs);
  }

  private async run(args: string[], timeoutMs: number): Promise<GeneratorResult> {
    const r = await runChild(this.binary, args, timeoutMs);
    const line = r.stdout.trim().split('\n').pop() ?? '';
    let parsed: GeneratorResult;
    try {
      parsed = JSON.parse(line) as GeneratorResult;
    } catch {
      throw new Error(`rdkperf ${args[0]} printed no result (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    }
    if (r.code !== 0 || parsed.failed > 0) {
      throw new Error(`rdkperf ${args.join(' ')} failed: ${JSON.stringify(parsed)}\n${r.stderr.slice(-2000)}`);
    }
    return parsed;
  }
}
