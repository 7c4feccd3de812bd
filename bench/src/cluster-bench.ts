/**
 * The three-broker cluster in `npm run bench`: ZooKeeper (Debian's `zookeeper`) and three Samsa
 * broker processes on this machine, a topic with replication factor 3 and min.insync.replicas=2,
 * written by the librdkafka generator with acks=all — every record crosses the loopback twice more
 * than on one broker and is written three times on the same disk. Reported beside the single
 * broker's acks=all figure of the same run: throughput, latency at half the cluster's peak, and how
 * long a partition is without a leader (and writes to it stall) after kill -9 of its leader.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { BrokerProcess } from './broker-process.js';
import { sleep } from './child.js';
import type { LoadGenerator } from './load-generator.js';
import type { BenchOptions } from './options.js';
import { ServerProcess } from './peers/server-process.js';

const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const ZOOKEEPER_CLASSPATH = `/etc/zookeeper/conf:${ZOOKEEPER_JAR}`;
const PARTITIONS = 6;
const RECORD_SIZE = 1024;

export interface AcksAllFigures {
  recordSize: number;
  recordsPerSec: number;
  MBps: number;
  runsMBps: number[];
  /** acks=all send → ack, paced at 10% and 50% of the measured peak. */
  latency: Array<{ load: number; rate: number; p50Ms: number | null; p99Ms: number | null }>;
}

/** Fractions of the peak the latency runs are paced at. */
const LATENCY_LOADS = [0.1, 0.5];

export interface ClusterResults extends AcksAllFigures {
  brokers: number;
  replicationFactor: number;
  partitions: number;
  /** kill -9 of a partition's leader → a new leader in the metadata / the first acknowledged write. */
  newLeaderMs: number;
  writesResumeMs: number;
}

export type ClusterOutcome = { results: ClusterResults } | { skipped: string };

export interface ClusterBenchContext {
  opts: BenchOptions;
  gen: LoadGenerator;
  repoRoot: string;
  scratchDir: string;
  /** What the disk sustains for new data (MB/s): the paced runs ask no more than their share of it. */
  sustainedWriteMBps: number;
  log: (line: string) => void;
}

export async function runClusterBench(ctx: ClusterBenchContext): Promise<ClusterOutcome> {
  if (!existsSync(ZOOKEEPER_JAR) || !existsSync('/usr/bin/java')) {
    return { skipped: 'ZooKeeper is not installed (apt-get install zookeeper, as .ci/run does)' };
  }
  const { log } = ctx;
  const zk = await ServerProcess.start('java', (port, dir) => {
    writeFileSync(
      join(dir, 'zoo.cfg'),
      `tickTime=500\ndataDir=${join(dir, 'data')}\nclientPort=${port}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n`,
    );
    return [
      '-Xmx256m',
      '-cp',
      ZOOKEEPER_CLASSPATH,
      'org.apache.zookeeper.server.quorum.QuorumPeerMain',
      join(dir, 'zoo.cfg'),
    ];
  });
  const brokers = new Map<number, BrokerProcess>();
  let admin: Admin | null = null;
  try {
    for (const id of [1, 2, 3]) {
      brokers.set(
        id,
        await BrokerProcess.start({
          repoRoot: ctx.repoRoot,
          overrides: {
            'broker.id': String(id),
            'zookeeper.connect': `127.0.0.1:${zk.port}/samsa-bench`,
            'offsets.topic.replication.factor': '3',
          },
        }),
      );
    }
    const bootstrap = [...brokers.values()].map((b) => b.bootstrap).join(',');
    admin = new Admin({ bootstrapServers: bootstrap, logger: silentLogger, requestTimeoutMs: 5000 });
    await until('three brokers registered', 30_000, async () => (await admin?.describeCluster())?.brokers.length === 3);

    const produce = await measureAcksAll(ctx, bootstrap, 'cluster', 3, (topic) =>
      createReplicatedTopic(admin as Admin, topic),
    );
    const failover = await killLeader(admin, brokers, bootstrap, log);
    return { results: { brokers: 3, replicationFactor: 3, partitions: PARTITIONS, ...produce, ...failover } };
  } finally {
    await admin?.close();
    for (const b of brokers.values()) await b.stop();
    await zk.stop();
  }
}

/**
 * acks=all produce of 1 KiB records over PARTITIONS partitions, `opts.runs` times (median), then
 * runs paced at 10% and 50% of the sustainable peak for latency: that median, or what the disk
 * sustains for new data shared by the `copies` each record is written (the replication factor on
 * one machine), whichever is lower. `prepare` creates each run's topic first (replicated, for the
 * cluster); without it the generator creates it with replication factor 1.
 */
export async function measureAcksAll(
  ctx: ClusterBenchContext,
  bootstrap: string,
  label: string,
  copies: number,
  prepare?: (topic: string) => Promise<void>,
): Promise<AcksAllFigures> {
  const { opts, gen, log } = ctx;
  // A record to every partition of a new topic, acknowledged by all replicas, before it is
  // measured: followers add a new partition to their fetches only when their current long poll
  // (replica.fetch.wait.max.ms, 500 ms) returns, so without it a run's first records waited up to
  // half a second for the followers to notice the topic.
  const prepareWarm = async (topic: string) => {
    await prepare?.(topic);
    await gen.produce({
      bootstrap,
      topic,
      records: PARTITIONS,
      size: RECORD_SIZE,
      acks: -1,
      partitions: PARTITIONS,
      timeoutMs: 60_000,
    });
  };
  const runs: number[] = [];
  // A third of the single broker's main volume: the cluster writes each record three times.
  const records = Math.max(5_000, Math.round(opts.records[RECORD_SIZE] / 3));
  for (let i = 0; i < opts.runs; i++) {
    const topic = `${label}-${i}`;
    await prepareWarm(topic);
    const r = await gen.produce({
      bootstrap,
      topic,
      records,
      size: RECORD_SIZE,
      acks: -1,
      partitions: PARTITIONS,
      timeoutMs: 600_000,
    });
    runs.push(r.records / r.seconds);
    log(`  ${label} acks=all run ${i + 1}: ${(r.bytes / r.seconds / 1e6).toFixed(0)} MB/s`);
  }
  const recordsPerSec = median(runs);
  const sustainable = Math.min(recordsPerSec, (ctx.sustainedWriteMBps * 1e6) / (RECORD_SIZE * copies));
  const latency: AcksAllFigures['latency'] = [];
  for (const load of LATENCY_LOADS) {
    const rate = sustainable * load;
    const topic = `${label}-latency-${Math.round(load * 100)}`;
    await prepareWarm(topic);
    const paced = await gen.produce({
      bootstrap,
      topic,
      records: Math.max(2_000, Math.round(rate * opts.latencySeconds)),
      size: RECORD_SIZE,
      acks: -1,
      rate,
      cdfPath: join(ctx.scratchDir, `${topic}.cdf`),
      partitions: PARTITIONS,
      timeoutMs: 600_000,
    });
    latency.push({ load, rate, p50Ms: paced.p50Ms ?? null, p99Ms: paced.p99Ms ?? null });
  }
  return {
    recordSize: RECORD_SIZE,
    recordsPerSec,
    MBps: (recordsPerSec * RECORD_SIZE) / 1e6,
    runsMBps: runs.map((r) => (r * RECORD_SIZE) / 1e6),
    latency,
  };
}

async function createReplicatedTopic(admin: Admin, topic: string): Promise<void> {
  await admin.createTopics([
    { name: topic, numPartitions: PARTITIONS, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } },
  ]);
}

/**
 * kill -9 of partition 0's leader while a producer keeps writing to it: when the metadata names a
 * new leader, and when the first write after the kill is acknowledged.
 */
async function killLeader(
  admin: Admin,
  brokers: Map<number, BrokerProcess>,
  bootstrap: string,
  log: (line: string) => void,
): Promise<{ newLeaderMs: number; writesResumeMs: number }> {
  const topic = 'cluster-failover';
  await createReplicatedTopic(admin, topic);
  const leaderOf0 = async () => {
    const [d] = await admin.describeTopics([topic], { timeoutMs: 2000 }).catch(() => []);
    return d?.partitions.find((p) => p.partition === 0)?.leader ?? -1;
  };
  let victim = -1;
  await until('a leader for partition 0', 30_000, async () => {
    victim = await leaderOf0();
    return brokers.has(victim);
  });
  const producer = new Producer({
    bootstrapServers: bootstrap,
    acks: 'all',
    lingerMs: 0,
    requestTimeoutMs: 2000,
    retryBackoffMs: 20,
    metadataMaxAgeMs: 1000,
    logger: silentLogger,
  });
  try {
    await producer.send({ topic, partition: 0, value: 'before' });
    const killedAt = Date.now();
    await brokers.get(victim)?.kill9();
    let newLeaderMs = -1;
    const watching = (async () => {
      while (newLeaderMs < 0) {
        const l = await leaderOf0();
        if (l > 0 && l !== victim) newLeaderMs = Date.now() - killedAt;
        else await sleep(20);
      }
    })();
    await producer.send({ topic, partition: 0, value: 'after' });
    const writesResumeMs = Date.now() - killedAt;
    await Promise.race([watching, sleep(30_000)]);
    log(`  kill -9 of a leader: new leader after ${newLeaderMs} ms, writes resumed after ${writesResumeMs} ms`);
    return { newLeaderMs, writesResumeMs };
  } finally {
    await producer.close({ timeoutMs: 5000 });
  }
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`cluster bench: timed out waiting for ${what}`);
    await sleep(100);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
