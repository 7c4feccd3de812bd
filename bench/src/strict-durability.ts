/**
 * Samsa with an fsync before every acknowledgement (log.flush.interval.messages=1: the log is
 * flushed after each appended batch), the counterpart of Redis's `appendfsync always` in the
 * comparison. Produce only, acks=all, a fifth of the usual record counts, `runs` times each.
 */
import { BrokerProcess } from './broker-process.js';
import type { GeneratorResult } from './load-generator.js';
import { timeoutFor } from './native-tool.js';
import { cpuSeconds, peakRssMiB, resetPeakRss } from './proc-stats.js';
import { label, type SuiteContext, summarize, type Throughput } from './workloads.js';

export interface StrictResults {
  recordSize: number;
  produce: Throughput;
  peakRssMiB: number;
}

export async function runStrictDurability(ctx: SuiteContext): Promise<StrictResults[]> {
  const { opts, gen, log } = ctx;
  const results: StrictResults[] = [];
  for (const size of [1024, 100] as const) {
    const broker = await BrokerProcess.start({
      repoRoot: opts.brokerRoot ?? ctx.repoRoot,
      nodeFlags: opts.brokerNodeFlags ?? undefined,
      overrides: { 'log.flush.interval.messages': '1' },
    });
    try {
      resetPeakRss(broker.pid);
      const records = Math.max(1000, Math.round(opts.records[size] / 5));
      const runs: { r: GeneratorResult; cpu: number }[] = [];
      for (let i = 0; i < opts.runs; i++) {
        const topic = `strict-${size}-${i}`;
        const bootstrap = broker.bootstrap;
        await gen.produce({ bootstrap, topic, records: 1, size, acks: -1, timeoutMs: 60_000 });
        const before = cpuSeconds(broker.pid);
        const r = await gen.produce({ bootstrap, topic, records, size, acks: -1, timeoutMs: timeoutFor(records) });
        runs.push({ r, cpu: cpuSeconds(broker.pid) - before });
        log(
          `  flush.messages=1, ${label(size)} run ${i + 1}: ${Math.round(r.records / r.seconds).toLocaleString('en-US')} rec/s`,
        );
      }
      results.push({
        recordSize: size,
        produce: summarize(`produce ${label(size)}, acks=all, flush.messages=1`, size, 'produce', runs),
        peakRssMiB: peakRssMiB(broker.pid),
      });
    } finally {
      await broker.stop();
    }
  }
  return results;
}
