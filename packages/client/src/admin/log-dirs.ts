/**
 * DescribeLogDirs asked of each broker (every broker answers only for its own disks): which
 * partitions each log directory holds and their sizes, as kafka-log-dirs.sh reports them.
 */
import { ApiKey, KafkaError } from '@samsa/protocol';
import type { Cluster } from '../metadata/cluster.js';

export interface LogDirDescription {
  broker: number;
  logDir: string;
  /** Kafka's error code for this directory (KAFKA_STORAGE_ERROR for an offline one), 0 when fine. */
  errorCode: number;
  totalBytes: bigint;
  usableBytes: bigint;
  partitions: Array<{ topic: string; partition: number; size: bigint; offsetLag: bigint; isFuture: boolean }>;
}

export async function describeLogDirs(
  cluster: Cluster,
  brokers: number[],
  topics: string[] | null,
  signal?: AbortSignal,
): Promise<LogDirDescription[]> {
  const metadata = await cluster.refresh(topics ?? [], signal);
  const wanted =
    topics === null
      ? null
      : topics.map((topic) => ({
          topic,
          partitions: Array.from({ length: metadata.topics.get(topic)?.partitions.length ?? 0 }, (_, i) => i),
        }));
  const perBroker = await Promise.all(
    brokers.map(async (broker) => {
      const r = await cluster.connection(broker).request(ApiKey.DescribeLogDirs, { topics: wanted }, { signal });
      if (r.errorCode !== 0) throw new KafkaError(r.errorCode, `DescribeLogDirs failed on broker ${broker}`);
      return r.results.map(
        (d): LogDirDescription => ({
          broker,
          logDir: d.logDir,
          errorCode: d.errorCode,
          totalBytes: d.totalBytes,
          usableBytes: d.usableBytes,
          partitions: d.topics.flatMap((t) =>
            t.partitions.map((p) => ({
              topic: t.name,
              partition: p.partitionIndex,
              size: p.partitionSize,
              offsetLag: p.offsetLag,
              isFuture: p.isFutureKey,
            })),
          ),
        }),
      );
    }),
  );
  return perBroker.flat();
}
