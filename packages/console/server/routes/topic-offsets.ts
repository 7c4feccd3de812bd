/** Log start and end offsets of a topic's partitions, as the topic pages and the browser need them. */
import type { Admin } from '@samsa/client';
import { kafkaCall } from '../http-errors.js';
import type { PartitionBounds } from '../messages/browse.js';

export async function partitionBounds(admin: Admin, topic: string, partitions: number[]): Promise<PartitionBounds[]> {
  const query = (spec: 'earliest' | 'latest') => partitions.map((partition) => ({ topic, partition, spec }));
  const [starts, ends] = await kafkaCall(() =>
    Promise.all([admin.listOffsets(query('earliest')), admin.listOffsets(query('latest'))]),
  );
  return partitions.map((partition, i) => ({
    partition,
    start: starts[i]?.offset ?? 0n,
    end: ends[i]?.offset ?? 0n,
  }));
}

/** The partition numbers of a topic (404 when it does not exist). */
export async function partitionsOf(admin: Admin, topic: string): Promise<number[]> {
  const [d] = await kafkaCall(() => admin.describeTopics([topic]));
  return (d?.partitions ?? []).map((p) => p.partition).sort((a, b) => a - b);
}
