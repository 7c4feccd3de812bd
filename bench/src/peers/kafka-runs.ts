/**
 * Apache Kafka through Samsa's own workloads (workloads.ts runSize: produce acks=1/all from one and
 * eight producers, catch-up consume, a consumer group, latency at 10/50/80% of its own peak), for
 * both record sizes, a fresh broker per size as for Samsa. One system at a time: nothing else runs
 * while a Kafka does. The scaling runs are left out (thousands of partitions on a JVM broker would
 * take most of the run's time).
 */
import { runSize, type SizeResults, type SuiteContext } from '../workloads.js';
import { KAFKA_JVM_FLAGS, KAFKA_PEERS, type KafkaPeer, kafkaMissing, startKafka } from './kafka.js';

export interface KafkaPeerResult {
  /** "Kafka 3.9.2 (ZooKeeper)", "Kafka 4.1.2 (KRaft)". */
  system: string;
  /** The JVM flags it ran with. */
  jvm: string;
  /** Why it was not measured; absent when it was. */
  skipped?: string;
  sizes: SizeResults[];
}

export function kafkaSystem(peer: KafkaPeer): string {
  return `Kafka ${KAFKA_PEERS[peer]} (${peer === 'kafka-3.9' ? 'ZooKeeper' : 'KRaft'})`;
}

export async function runKafkaPeers(peers: readonly KafkaPeer[], ctx: SuiteContext): Promise<KafkaPeerResult[]> {
  const results: KafkaPeerResult[] = [];
  for (const peer of peers) {
    const base = { system: kafkaSystem(peer), jvm: KAFKA_JVM_FLAGS.join(' '), sizes: [] as SizeResults[] };
    const missing = kafkaMissing(peer);
    if (missing) {
      ctx.log(`${base.system} skipped: ${missing}`);
      results.push({ ...base, skipped: missing });
      continue;
    }
    try {
      for (const size of [1024, 100] as const) {
        ctx.log(`${base.system}, ${size} B records ...`);
        base.sizes.push(await runSize({ ...ctx, startBroker: () => startKafka(peer), noScaling: true }, size));
      }
      results.push(base);
    } catch (err) {
      // A peer that fails is reported as such; Samsa's figures and the other peers still count.
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      ctx.log(`${base.system} failed: ${reason}`);
      results.push({ ...base, skipped: `failed: ${reason}`, sizes: [] });
    }
  }
  return results;
}
