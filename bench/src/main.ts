/**
 * `npm run bench`: one Samsa broker under librdkafka load, its peers (Redis Streams, NATS
 * JetStream, RabbitMQ streams) under the same workloads, and this machine's disk and loopback
 * limits measured in the same run. Prints a Markdown report; a full run also writes bench/results/latest.{md,json},
 * BENCHMARKS.md and the charts. A benchmark, not a test: it asserts nothing about speed, but fails
 * if a run loses records.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureAuthorizer } from './authz-bench.js';
import { renderBenchmarksDoc, renderHeadline, withHeadline } from './benchmarks-doc.js';
import { BROKER_NODE_FLAGS } from './broker-process.js';
import { writeCharts } from './charts.js';
import { type ClusterReport, measureClusterReport, renderClusterReport } from './cluster-main.js';
import { formatSelfTimes, summarizeProfiles } from './cpu-profile.js';
import { LoadGenerator } from './load-generator.js';
import { loadAverage, machineFacts } from './machine.js';
import { measureDisk, measureLoopback, sustainedWriteMBps } from './machine-limits.js';
import { type BenchOptions, parseOptions } from './options.js';
import type { KafkaPeer } from './peers/kafka.js';
import { type KafkaPeerResult, runKafkaPeers } from './peers/kafka-runs.js';
import { natsJetStream } from './peers/nats.js';
import { type PeerResult, runPeer } from './peers/peer-runs.js';
import { rabbitmqStreams } from './peers/rabbitmq.js';
import { redisStreams } from './peers/redis.js';
import { ServerProcess } from './peers/server-process.js';
import { runPerfTools } from './perf-tools.js';
import { renderReport } from './report.js';
import type { BenchResults } from './results.js';
import { removeScratchDir, scratchDir, stopAll, trackedServers } from './shutdown.js';
import { runStrictDurability, type StrictResults } from './strict-durability.js';
import { measureTls } from './tls-bench.js';
import { runSize, type SizeResults } from './workloads.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.renderOnly) {
    const results = JSON.parse(readFileSync(join(repoRoot, 'bench/results/latest.json'), 'utf8')) as BenchResults;
    // A cluster measured alone (npm run bench:cluster) after the full run replaces its section.
    const clusterJson = join(repoRoot, 'bench/results/cluster.json');
    if (existsSync(clusterJson)) {
      const cluster = JSON.parse(readFileSync(clusterJson, 'utf8')) as ClusterReport;
      if (!results.cluster || cluster.date > results.date) results.cluster = renderClusterReport(cluster);
    }
    await publish(results, repoRoot);
    return;
  }
  const results = await measure(opts);
  process.stdout.write(renderReport(results));
  if (opts.out && !opts.profile) {
    await publish(results, resolve(repoRoot, opts.out));
  } else {
    // Render into a scratch dir all the same, so that --smoke proves the charts still draw.
    const scratch = mkdtempSync(join(tmpdir(), 'samsa-bench-doc-'));
    try {
      await publish(results, scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

async function measure(opts: BenchOptions): Promise<BenchResults> {
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
  const cdfDir = scratchDir('samsa-bench-cdf-');
  const samsa: SizeResults[] = [];
  const profiles: string[] = [];
  try {
    for (const size of [1024, 100] as const) {
      log(`Samsa, ${size} B records ...`);
      const cpuProfileDir = profileRoot ? join(profileRoot, String(size)) : undefined;
      samsa.push(
        await runSize(
          { opts, gen, repoRoot, cpuProfileDir, scratchDir: cdfDir, sustainedWriteMBps: sustainedWriteMBps(disk), log },
          size,
        ),
      );
      if (cpuProfileDir) {
        const title = `Broker self time, ${size} B records (produce, consume, latency runs), top functions`;
        profiles.push(formatSelfTimes(title, summarizeProfiles(cpuProfileDir, repoRoot)));
      }
    }
  } finally {
    removeScratchDir(cdfDir);
  }
  if (profiles.length > 0) process.stdout.write(`\n${profiles.join('\n\n')}\n\n`);
  if (profileRoot) log(`cpu profiles kept in ${profileRoot}`);

  // Apache Kafka under Samsa's own workloads, one broker at a time after Samsa's.
  const kafkaPeers = opts.peers.filter((p): p is KafkaPeer => p.startsWith('kafka-'));
  let kafka: KafkaPeerResult[] | undefined;
  if (kafkaPeers.length > 0) {
    const scratch = scratchDir('samsa-bench-cdf-');
    try {
      kafka = await runKafkaPeers(kafkaPeers, {
        opts,
        gen,
        repoRoot,
        scratchDir: scratch,
        sustainedWriteMBps: sustainedWriteMBps(disk),
        log,
      });
    } finally {
      removeScratchDir(scratch);
    }
  }

  const peers: PeerResult[] = [];
  let strict: StrictResults[] | undefined;
  const drivers = [
    ...(opts.peers.includes('redis') ? [redisStreams('everysec'), redisStreams('always')] : []),
    ...(opts.peers.includes('nats') ? [natsJetStream()] : []),
    ...(opts.peers.includes('rabbitmq') ? [rabbitmqStreams()] : []),
  ];
  if (drivers.length > 0) {
    log('Samsa with flush.messages=1 (the counterpart of appendfsync always) ...');
    const ctx = { opts, gen, repoRoot, scratchDir: tmpdir(), sustainedWriteMBps: sustainedWriteMBps(disk), log };
    strict = await runStrictDurability(ctx);
    for (const driver of drivers) {
      log(`${driver.system} ...`);
      peers.push(await runPeer(driver, opts, repoRoot, log));
    }
  }
  log('the perf tools beside @samsa/client ...');
  const perfTools = await runPerfTools(opts, repoRoot, log);
  const coordinators = opts.scale === 'smoke' ? '' : coordinatorBenches(opts.scale === 'quick');
  let tls: string | undefined;
  if (opts.scale !== 'smoke') {
    log('SSL beside PLAINTEXT ...');
    tls = await measureTls({ repoRoot, gen, records: opts.scale === 'quick' ? 50_000 : 100_000, log });
  }
  log('the authorizer with 10,000 ACLs beside no authorizer ...');
  const authorizer = await measureAuthorizer({
    repoRoot,
    gen,
    records: opts.scale === 'smoke' ? 20_000 : opts.scale === 'quick' ? 100_000 : 300_000,
    log,
  });
  log('three-broker cluster ...');
  const cluster = renderClusterReport(await measureClusterReport(opts, disk));

  return {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    scale: opts.scale,
    runs: opts.runs,
    diskProbeMiB: opts.diskProbeBytes >> 20,
    machine: machineFacts(gen.librdkafkaVersion),
    loadBefore,
    loadAfter: loadAverage(),
    disk,
    loopback,
    brokerCommand: [
      'node',
      ...(opts.brokerNodeFlags ?? BROKER_NODE_FLAGS),
      `${opts.brokerRoot ? `${opts.brokerRoot}/` : ''}bin/samsa broker`,
    ].join(' '),
    generator:
      'bench/native/rdkperf.c (librdkafka from C; producer linger.ms=5, batch.size=1000000, no compression; consumer 8 MiB fetches)',
    samsa,
    kafka,
    strict,
    peers,
    coordinators,
    tls,
    authorizer,
    cluster,
    perfTools,
  };
}

/** Writes bench/results/latest.{json,md}, the charts, BENCHMARKS.md and README.md's headline under `root`. */
async function publish(results: BenchResults, root: string): Promise<void> {
  const resultsDir = join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(join(resultsDir, 'latest.md'), renderReport(results));
  const charts = await writeCharts(results, join(resultsDir, 'charts'));
  const doc = renderBenchmarksDoc(
    results,
    charts,
    join(repoRoot, 'bench/reading.md'),
    join(repoRoot, 'bench/results/clients.md'),
  );
  writeFileSync(join(root, 'BENCHMARKS.md'), doc);
  const readmePath = join(root, 'README.md');
  const readme = withHeadline(
    readFileSync(existsSync(readmePath) ? readmePath : join(repoRoot, 'README.md'), 'utf8'),
    renderHeadline(results),
  );
  if (readme !== null) writeFileSync(readmePath, readme);
  log(`written: ${join(root, 'BENCHMARKS.md')}, ${resultsDir}/latest.{json,md}, ${charts.length} charts`);
}

/**
 * The consumer-group and transaction benchmarks live beside their coordinators
 * (packages/broker/bench) and start their own brokers; each runs as a child process so a crash or
 * leak in one cannot skew the others, and its Markdown output is appended to the report.
 */
function coordinatorBenches(quick: boolean): string {
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

// An interrupted run still stops every broker and peer server it started and removes their data.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the servers ...`);
    void stopAll(ServerProcess.companionsOf(trackedServers())).finally(() => process.exit(130));
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
