/**
 * `npm run bench`: one Samsa broker under librdkafka load, beside this machine's disk and loopback
 * limits measured in the same run. Prints a Markdown report and writes it to bench/results/.
 * A benchmark, not a test: it asserts nothing about speed, but fails if a run loses records.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROKER_NODE_FLAGS } from './broker-process.js';
import { formatSelfTimes, summarizeProfiles } from './cpu-profile.js';
import { LoadGenerator } from './load-generator.js';
import { describeMachine, loadAverage } from './machine.js';
import { measureDisk, measureLoopback } from './machine-limits.js';
import { parseOptions } from './options.js';
import { renderReport } from './report.js';
import { runSize, type SizeResults } from './workloads.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const loadBefore = loadAverage();
  log(`bench (${opts.scale}), load average ${loadBefore}`);
  const gen = await LoadGenerator.build(repoRoot);

  log('measuring the disk and loopback TCP ...');
  const disk = measureDisk(opts.diskProbeBytes, opts.runs);
  const loopback = await measureLoopback(opts.loopbackSeconds);
  log(
    `  disk ${disk.bufferedMBps.toFixed(0)} MB/s buffered, ${disk.fdatasyncMBps.toFixed(0)} MB/s fdatasync; loopback ${loopback.MBps.toFixed(0)} MB/s`,
  );

  const profileRoot = opts.profile ? mkdtempSync(join(tmpdir(), 'samsa-prof-')) : null;
  const sizes: SizeResults[] = [];
  const profiles: string[] = [];
  for (const size of [1024, 100] as const) {
    log(`${size} B records ...`);
    const cpuProfileDir = profileRoot ? join(profileRoot, String(size)) : undefined;
    sizes.push(await runSize({ opts, gen, repoRoot, cpuProfileDir, log }, size));
    if (cpuProfileDir) {
      const title = `Broker self time, ${size} B records (produce, consume, latency runs), top functions`;
      profiles.push(formatSelfTimes(title, summarizeProfiles(cpuProfileDir, repoRoot)));
    }
  }

  const report = renderReport({
    opts,
    machine: describeMachine(gen.librdkafkaVersion),
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    loadBefore,
    loadAfter: loadAverage(),
    disk,
    loopback,
    sizes,
    brokerCommand: [
      'node',
      ...(opts.brokerNodeFlags ?? BROKER_NODE_FLAGS),
      `${opts.brokerRoot ? `${opts.brokerRoot}/` : ''}bin/samsa broker`,
    ].join(' '),
    generator:
      'bench/native/rdkperf.c (librdkafka from C; producer linger.ms=5, batch.size=1000000, no compression; consumer 8 MiB fetches)',
  });
  const extra = opts.scale === 'smoke' ? '' : coordinatorBenches(opts.scale === 'quick', log);
  process.stdout.write(report + extra);
  if (profiles.length > 0) process.stdout.write(`\n${profiles.join('\n\n')}\n`);
  if (profileRoot) log(`cpu profiles kept in ${profileRoot}`);
  if (opts.out && !opts.profile) {
    const path = resolve(repoRoot, opts.out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, report + extra);
    log(`written to ${opts.out}`);
  }
}

/**
 * The consumer-group and transaction benchmarks live beside their coordinators
 * (packages/broker/bench) and start their own brokers; each runs as a child process so a crash or
 * leak in one cannot skew the others, and its Markdown output is appended to the report.
 */
function coordinatorBenches(quick: boolean, log: (line: string) => void): string {
  let out = '';
  for (const [title, script] of [
    ['Consumer groups (1,000 groups × 10 members committing every 100 ms; --quick: 100 groups)', 'groups-bench.js'],
    ['Transactions (one transactional producer; overhead against an idempotent one)', 'txn-bench.js'],
  ] as const) {
    log(`${title} ...`);
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'packages/broker/dist/bench', script), ...(quick ? ['--quick'] : [])],
      { encoding: 'utf8', timeout: 15 * 60 * 1000, killSignal: 'SIGKILL' },
    );
    const body = r.status === 0 ? r.stdout : `failed (exit ${r.status}): ${r.stderr.slice(-2000)}`;
    out += `\n### ${title}\n\n${body.trim()}\n`;
  }
  return out;
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
