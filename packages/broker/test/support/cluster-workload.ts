/**
 * A write/read workload and its checker for cluster fault tests (in the spirit of Jepsen's
 * queue checks). The producer (acks=all, idempotent) writes the numbers 0, 1, 2, … round-robin
 * over the partitions and records every acknowledgement; a consumer tails every partition and
 * records every read. After the faults, `check()` reads each partition from the start and asserts:
 *
 *  - no acknowledged write is missing (and it sits at the acknowledged offset);
 *  - no number appears twice (idempotence held across retries and leader changes);
 *  - within a partition, numbers grow with offsets (order preserved);
 *  - every record read during the run is still there at the same offset (nothing read then lost).
 *
 * It also measures how long writes stalled: the longest gap between consecutive acknowledgements
 * around a fault is what a user saw as unavailability.
 */
import { Admin, Consumer, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';

export interface Ack {
  n: number;
  partition: number;
  offset: bigint;
  at: number;
}

export class Workload {
  readonly acks: Ack[] = [];
  readonly failed: number[] = [];
  readonly reads = new Map<number, Map<bigint, number>>();
  private running = false;
  private writer: Promise<void> | null = null;
  private reader: Promise<void> | null = null;
  private readonly producer: Producer<null, string>;
  private readonly consumer: Consumer<Buffer | null, string>;

  constructor(
    private readonly bootstrap: string,
    private readonly topic: string,
    private readonly partitions: number,
    private readonly inFlight = 64,
  ) {
    this.producer = new Producer<null, string>({
      bootstrapServers: bootstrap,
      acks: 'all',
      enableIdempotence: true,
      lingerMs: 2,
      requestTimeoutMs: 4000,
      deliveryTimeoutMs: 120_000,
      retryBackoffMs: 100,
      metadataMaxAgeMs: 2000,
      logger: silentLogger,
    });
    this.consumer = new Consumer<Buffer | null, string>({
      bootstrapServers: bootstrap,
      requestTimeoutMs: 4000,
      metadataMaxAgeMs: 2000,
      autoOffsetReset: 'earliest',
      valueDeserializer: (b) => (b ? b.toString() : ''),
      logger: silentLogger,
    });
  }

  get acked(): number {
    return this.acks.length;
  }

  start(): void {
    this.running = true;
    this.writer = this.write();
    this.consumer.assign(Array.from({ length: this.partitions }, (_, partition) => ({ topic: this.topic, partition })));
    this.reader = this.read();
  }

  /** One writer per partition, each with its own window: a stalled partition does not stall the others. */
  private async write(): Promise<void> {
    const perPartition = Math.max(1, Math.floor(this.inFlight / this.partitions));
    await Promise.all(
      Array.from({ length: this.partitions }, async (_, partition) => {
        const pending = new Set<Promise<void>>();
        for (let k = 0; this.running; k++) {
          const n = k * this.partitions + partition;
          const p = this.producer
            .send({ topic: this.topic, partition, value: String(n) })
            .then(
              (m) => {
                this.acks.push({ n, partition, offset: m.offset, at: Date.now() });
              },
              () => {
                this.failed.push(n);
              },
            )
            .finally(() => pending.delete(p));
          pending.add(p);
          if (pending.size >= perPartition) await Promise.race(pending);
        }
        await Promise.all(pending);
      }),
    );
  }

  private async read(): Promise<void> {
    while (this.running) {
      let records: Awaited<ReturnType<Consumer<Buffer | null, string>['poll']>> = [];
      try {
        records = await this.consumer.poll({ timeoutMs: 500 });
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const r of records) {
        let m = this.reads.get(r.partition);
        if (!m) {
          m = new Map();
          this.reads.set(r.partition, m);
        }
        m.set(r.offset, Number(r.value));
      }
    }
  }

  /** Resolves once `count` more writes were acknowledged (bounded). */
  async waitForAcks(count: number, timeoutMs: number): Promise<void> {
    const target = this.acks.length + count;
    const deadline = Date.now() + timeoutMs;
    while (this.acks.length < target) {
      if (Date.now() > deadline) throw new Error(`only ${this.acks.length}/${target} acks after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The longest gap between consecutive acknowledgements after `since` (ms). */
  longestStallSince(since: number): number {
    let prev = since;
    let worst = 0;
    for (const a of this.acks) {
      if (a.at < since) continue;
      worst = Math.max(worst, a.at - prev);
      prev = a.at;
    }
    return worst;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.writer;
    await this.reader;
    await this.producer.close({ timeoutMs: 30_000 });
    await this.consumer.close({ timeoutMs: 5000 });
  }

  /** Reads every partition from the start and returns the problems found (empty: all guarantees held). */
  async check(): Promise<{ problems: string[]; records: number }> {
    const reader = new Consumer<Buffer | null, string>({
      bootstrapServers: this.bootstrap,
      requestTimeoutMs: 5000,
      autoOffsetReset: 'earliest',
      valueDeserializer: (b) => (b ? b.toString() : ''),
      logger: silentLogger,
    });
    const tps = Array.from({ length: this.partitions }, (_, partition) => ({ topic: this.topic, partition }));
    reader.assign(tps);
    const ends = new Map((await reader.endOffsets(tps)).map((e) => [e.partition, e.offset]));
    const final = new Map<number, Map<bigint, number>>();
    for (const tp of tps) final.set(tp.partition, new Map());
    const deadline = Date.now() + 60_000;
    const done = () => tps.every((tp) => (final.get(tp.partition)?.size ?? 0) >= Number(ends.get(tp.partition) ?? 0n));
    while (!done() && Date.now() < deadline) {
      for (const r of await reader.poll({ timeoutMs: 500 })) final.get(r.partition)?.set(r.offset, Number(r.value));
    }
    await reader.close();
    const problems = findProblems(final, this.acks, this.reads);
    let records = 0;
    for (const m of final.values()) records += m.size;
    return { problems, records };
  }
}

/** The checker proper: what the final logs say against what was acknowledged and read. */
export function findProblems(
  final: ReadonlyMap<number, ReadonlyMap<bigint, number>>,
  acks: readonly Ack[],
  reads: ReadonlyMap<number, ReadonlyMap<bigint, number>>,
): string[] {
  const problems: string[] = [];
  const where = new Map<number, { partition: number; offset: bigint }>();
  for (const [partition, m] of final) {
    let prevN = -1;
    for (const offset of [...m.keys()].sort((a, b) => (a < b ? -1 : 1))) {
      const n = m.get(offset) as number;
      const seen = where.get(n);
      if (seen) problems.push(`duplicate: ${n} at ${seen.partition}@${seen.offset} and ${partition}@${offset}`);
      where.set(n, { partition, offset });
      if (n <= prevN) problems.push(`order: ${n} after ${prevN} in partition ${partition} at offset ${offset}`);
      prevN = n;
    }
  }
  for (const a of acks) {
    const w = where.get(a.n);
    if (!w) problems.push(`lost: acknowledged ${a.n} (partition ${a.partition} offset ${a.offset}) is missing`);
    else if (a.offset >= 0n && (w.partition !== a.partition || w.offset !== a.offset))
      problems.push(`moved: ${a.n} acknowledged at ${a.partition}@${a.offset} is at ${w.partition}@${w.offset}`);
  }
  for (const [partition, m] of reads) {
    for (const [offset, n] of m) {
      const now = final.get(partition)?.get(offset);
      if (now !== n) problems.push(`vanished read: ${partition}@${offset} was ${n}, now ${now ?? 'absent'}`);
    }
  }
  return problems;
}

/**
 * The fault tests' common start: an admin client, all `brokers` registered, the topic with RF=3
 * and min.insync.replicas=2, and the workload running with its first acknowledgements in.
 */
export async function startReplicatedWorkload(
  bootstrap: string,
  topic: string,
  partitions: number,
  options: { brokers: number; inFlight?: number },
): Promise<{ admin: Admin; workload: Workload }> {
  const admin = new Admin({ bootstrapServers: bootstrap, requestTimeoutMs: 3000, logger: silentLogger });
  const deadline = Date.now() + 30_000;
  while ((await admin.describeCluster().catch(() => null))?.brokers.length !== options.brokers) {
    if (Date.now() > deadline) throw new Error(`${options.brokers} brokers did not register within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await admin.createTopics([
    { name: topic, numPartitions: partitions, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } },
  ]);
  const workload = new Workload(bootstrap, topic, partitions, options.inFlight);
  workload.start();
  await workload.waitForAcks(300, 30_000);
  return { admin, workload };
}
