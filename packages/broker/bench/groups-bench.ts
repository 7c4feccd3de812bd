/**
 * Group coordinator at scale: G groups × M members (default 1,000 × 10) join through the real
 * protocol (JoinGroup with MEMBER_ID_REQUIRED, SyncGroup with the leader's assignment), then every
 * member commits its partition's offset every 100 ms and heartbeats every 3 s. Reported: how long
 * the joins took, commits/s sustained (acknowledged, i.e. appended to __consumer_offsets) against
 * the rate asked for, commit latency, and — for a sample of groups — the time from a member's
 * LeaveGroup to the group being Stable again (the others rejoin as soon as a heartbeat tells them).
 *
 * A benchmark, not a test: it prints a table and asserts nothing. The broker runs in a worker
 * thread (or is given with `bootstrap`); one connection per group, as members of a group would
 * not share one but pipelining keeps the socket count sane.
 *
 *   node packages/broker/dist/bench/groups-bench.js [--quick]
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrorCode } from '@samsa/protocol';
import { KafkaWire } from './kafka-wire.js';

export interface GroupsBenchOptions {
  groups?: number;
  membersPerGroup?: number;
  commitIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** How long commits run after every group is Stable. */
  durationMs?: number;
  /** Groups in which one member leaves (time to Stable measured). */
  leaveSamples?: number;
  /** An external broker; by default one is started in a worker thread. */
  bootstrap?: string;
}

export interface GroupsBenchResult {
  groups: number;
  members: number;
  joinAllMs: number;
  commitsPerSecTarget: number;
  commitsPerSec: number;
  commitErrors: number;
  commitLatencyP50Ms: number;
  commitLatencyP99Ms: number;
  leaveToStableP50Ms: number;
  leaveToStableP99Ms: number;
  leaveToStableMaxMs: number;
}

const TOPIC = 'groups-bench';
const SESSION_MS = 30_000;

interface Member {
  id: string;
  generation: number;
  partition: number;
  offset: bigint;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const protocols = [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0]) }];

/** One group's members, driven over one connection. */
class BenchGroup {
  members: Member[] = [];
  constructor(
    readonly groupId: string,
    readonly wire: KafkaWire,
    readonly size: number,
  ) {}

  private async joinOne(
    memberId: string,
  ): Promise<{ memberId: string; generation: number; leader: string; all: string[] }> {
    const body = {
      groupId: this.groupId,
      sessionTimeoutMs: SESSION_MS,
      rebalanceTimeoutMs: SESSION_MS,
      memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols,
      reason: null,
    };
    let r = await this.wire.send(11, 7, body);
    if (r.errorCode === ErrorCode.MEMBER_ID_REQUIRED)
      r = await this.wire.send(11, 7, { ...body, memberId: r.memberId });
    if (r.errorCode !== ErrorCode.NONE) throw new Error(`join ${this.groupId}: error ${r.errorCode}`);
    return {
      memberId: r.memberId,
      generation: r.generationId,
      leader: r.leader,
      all: r.members.map((m) => m.memberId),
    };
  }

  /** Every member (re)joins, the leader assigns partition i to member i, everyone syncs. */
  async rebalance(knownIds: string[], attempt = 0): Promise<void> {
    const joins = await Promise.all(
      Array.from({ length: knownIds.length || this.size }, (_, i) => this.joinOne(knownIds[i] ?? '')),
    );
    const leader = joins.find((j) => j.memberId === j.leader);
    if (!leader) throw new Error(`no leader in ${this.groupId}`);
    const order = leader.all;
    const assignment = (id: string) => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(order.indexOf(id));
      return b;
    };
    const syncs = joins.map((j) =>
      this.wire.send(14, 5, {
        groupId: this.groupId,
        generationId: j.generation,
        memberId: j.memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocolName: 'range',
        assignments: j === leader ? order.map((id) => ({ memberId: id, assignment: assignment(id) })) : [],
      }),
    );
    const results = await Promise.all(syncs);
    const failed = results.find((s) => s.errorCode !== ErrorCode.NONE);
    if (failed) {
      // Under load a member's join can land in the next generation (the coordinator started another
      // rebalance meanwhile): rejoin as a real consumer would, a bounded number of times.
      const retriable = [ErrorCode.REBALANCE_IN_PROGRESS, ErrorCode.ILLEGAL_GENERATION, ErrorCode.UNKNOWN_MEMBER_ID];
      if (attempt < 5 && (retriable as number[]).includes(failed.errorCode)) {
        const ids = failed.errorCode === ErrorCode.UNKNOWN_MEMBER_ID ? [] : joins.map((j) => j.memberId);
        return this.rebalance(ids, attempt + 1);
      }
      throw new Error(`sync ${this.groupId} failed with error ${failed.errorCode}`);
    }
    const previous = new Map(this.members.map((m) => [m.partition, m.offset]));
    this.members = joins.map((j, i) => {
      const partition = (results[i]?.assignment as Buffer).readInt32BE(0);
      return { id: j.memberId, generation: j.generation, partition, offset: previous.get(partition) ?? 0n };
    });
  }

  commit(m: Member): Promise<number> {
    m.offset += 1n;
    return this.wire
      .send(8, 8, {
        groupId: this.groupId,
        generationIdOrMemberEpoch: m.generation,
        memberId: m.id,
        groupInstanceId: null,
        topics: [
          {
            name: TOPIC,
            partitions: [
              {
                partitionIndex: m.partition,
                committedOffset: m.offset,
                committedLeaderEpoch: -1,
                commitTimestamp: -1n,
                committedMetadata: '',
              },
            ],
          },
        ],
      })
      .then((r) => r.topics[0]?.partitions[0]?.errorCode ?? -1);
  }

  heartbeat(m: Member): Promise<number> {
    return this.wire
      .send(12, 4, { groupId: this.groupId, generationId: m.generation, memberId: m.id, groupInstanceId: null })
      .then((r) => r.errorCode);
  }

  /** The last member leaves; the others learn it from a heartbeat and rejoin. Returns ms to Stable. */
  async leaveOne(): Promise<number> {
    const leaver = this.members.pop() as Member;
    const start = performance.now();
    await this.wire.send(13, 5, {
      groupId: this.groupId,
      members: [{ memberId: leaver.id, groupInstanceId: null, reason: 'bench' }],
    });
    const hb = await Promise.all(this.members.map((m) => this.heartbeat(m)));
    if (!hb.every((c) => c === ErrorCode.REBALANCE_IN_PROGRESS)) throw new Error(`heartbeats after leave: ${hb}`);
    await this.rebalance(this.members.map((m) => m.id));
    return performance.now() - start;
  }
}

async function startWorkerBroker(): Promise<{ bootstrap: string; stop: () => Promise<void> }> {
  const worker = new Worker(new URL('./groups-bench-broker.js', import.meta.url), {
    workerData: { config: { 'group.initial.rebalance.delay.ms': '0' } },
  });
  const bootstrap = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { bootstrap: string }) => resolve(m.bootstrap));
    worker.once('error', reject);
  });
  return {
    bootstrap,
    stop: () =>
      new Promise((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}

export async function runGroupsBench(opts: GroupsBenchOptions = {}): Promise<GroupsBenchResult> {
  const groupCount = opts.groups ?? 1000;
  const size = opts.membersPerGroup ?? 10;
  const commitEvery = opts.commitIntervalMs ?? 100;
  const heartbeatEvery = opts.heartbeatIntervalMs ?? 3000;
  const durationMs = opts.durationMs ?? 10_000;
  const leaveSamples = Math.min(opts.leaveSamples ?? 20, groupCount);
  const broker = opts.bootstrap ? null : await startWorkerBroker();
  const bootstrap = opts.bootstrap ?? (broker as { bootstrap: string }).bootstrap;
  const admin = await KafkaWire.open(bootstrap, 'groups-bench-admin');
  await admin.send(19, 4, {
    topics: [{ name: TOPIC, numPartitions: size, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 10_000,
  });

  const groups: BenchGroup[] = [];
  for (let g = 0; g < groupCount; g++) groups.push(new BenchGroup(`bench-${g}`, await KafkaWire.open(bootstrap), size));
  const joinStart = performance.now();
  // Joins in waves so that connection setup and the first join do not all land at once.
  for (let i = 0; i < groups.length; i += 100) await Promise.all(groups.slice(i, i + 100).map((g) => g.rebalance([])));
  const joinAllMs = performance.now() - joinStart;

  let commits = 0;
  let commitErrors = 0;
  const latencies: number[] = [];
  let running = true;
  const timers: NodeJS.Timeout[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const loops: Promise<void>[] = [];
  for (const g of groups) {
    // Each member commits on its own clock, at most one commit in flight (as a consumer's commit
    // loop would): when the broker falls behind, the rate achieved drops instead of a backlog growing.
    for (const m of g.members) {
      loops.push(
        (async () => {
          await sleep(Math.random() * commitEvery);
          while (running) {
            const t = performance.now();
            try {
              const code = await g.commit(m);
              if (code === ErrorCode.NONE) commits++;
              else commitErrors++;
            } catch {
              commitErrors++;
            }
            const took = performance.now() - t;
            if (latencies.length < 200_000) latencies.push(took);
            if (took < commitEvery) await sleep(commitEvery - took);
          }
        })(),
      );
    }
    timers.push(
      setInterval(() => running && g.members.forEach((m) => void g.heartbeat(m).catch(() => {})), heartbeatEvery),
    );
  }
  // One second of warm-up (every member's first commit is staggered), then the counters restart.
  await new Promise((r) => setTimeout(r, 1000));
  commits = 0;
  commitErrors = 0;
  latencies.length = 0;
  const measureStart = performance.now();
  await new Promise((r) => setTimeout(r, durationMs));
  const elapsed = performance.now() - measureStart;
  const committed = commits;
  // Later errors are expected: members of the sampled groups commit while they rebalance.
  const erroredInWindow = commitErrors;

  const leaveTimes: number[] = [];
  for (const g of groups.slice(0, leaveSamples)) leaveTimes.push(await g.leaveOne());
  running = false;
  for (const t of timers) clearInterval(t);
  await Promise.all(loops);
  for (const g of groups) g.wire.close();
  admin.close();
  await broker?.stop();

  return {
    groups: groupCount,
    members: groupCount * size,
    joinAllMs: Math.round(joinAllMs),
    commitsPerSecTarget: Math.round((groupCount * size * 1000) / commitEvery),
    commitsPerSec: Math.round((committed * 1000) / elapsed),
    commitErrors: erroredInWindow,
    commitLatencyP50Ms: percentile(latencies, 50),
    commitLatencyP99Ms: percentile(latencies, 99),
    leaveToStableP50Ms: percentile(leaveTimes, 50),
    leaveToStableP99Ms: percentile(leaveTimes, 99),
    leaveToStableMaxMs: Math.max(...leaveTimes),
  };
}

export function printGroupsBench(r: GroupsBenchResult): void {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  console.log(`\nGroup coordinator: ${r.groups} groups × ${r.members / r.groups} members\n`);
  console.log('| measure                          |        value |');
  console.log('| -------------------------------- | -----------: |');
  const row = (k: string, v: string) => console.log(`| ${k.padEnd(32)} | ${v.padStart(12)} |`);
  row('all members joined and synced', `${r.joinAllMs} ms`);
  row('commits/s asked for', String(r.commitsPerSecTarget));
  row('commits/s acknowledged', String(r.commitsPerSec));
  row('commit errors', String(r.commitErrors));
  row('commit latency p50 / p99', `${f(r.commitLatencyP50Ms)} / ${f(r.commitLatencyP99Ms)} ms`);
  row('leave → Stable p50 / p99', `${f(r.leaveToStableP50Ms)} / ${f(r.leaveToStableP99Ms)} ms`);
  row('leave → Stable max', `${f(r.leaveToStableMaxMs)} ms`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const result = await runGroupsBench(quick ? { groups: 100, durationMs: 3000, leaveSamples: 20 } : {});
  printGroupsBench(result);
}
