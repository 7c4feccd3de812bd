/**
 * Choosing a partition, as the Java client's built-in partitioner does since Kafka 3.3 (KIP-794):
 * keyed records go to toPositive(murmur2(key)) % numPartitions; keyless records stick to one
 * partition until about batchSize bytes went there, then move to another at random among those with
 * a leader ("uniform sticky"). A custom function may replace all of this.
 */
import type { PartitionMetadata } from '../metadata/metadata.js';
import { partitionForKey } from './murmur2.js';

export interface PartitionerArgs {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  partitions: readonly PartitionMetadata[];
}

/** Returns a partition number, or -1 to let the built-in partitioner decide. */
export type CustomPartitioner = (args: PartitionerArgs) => number;

interface Sticky {
  partition: number;
  bytes: number;
}

export class BuiltInPartitioner {
  private readonly sticky = new Map<string, Sticky>();

  constructor(
    private readonly batchSize: number,
    private readonly ignoreKeys: boolean,
  ) {}

  partition(topic: string, key: Buffer | null, partitions: readonly PartitionMetadata[]): number {
    if (key !== null && !this.ignoreKeys) return partitionForKey(key, partitions.length);
    const s = this.sticky.get(topic);
    if (s && s.partition < partitions.length) return s.partition;
    return this.next(topic, partitions, -1);
  }

  /** Counts bytes appended to a keyless topic's sticky partition; switches after batchSize. */
  onAppend(topic: string, partition: number, bytes: number, partitions: readonly PartitionMetadata[]): void {
    const s = this.sticky.get(topic);
    if (!s || s.partition !== partition) return;
    s.bytes += bytes;
    if (s.bytes >= this.batchSize) this.next(topic, partitions, partition);
  }

  private next(topic: string, partitions: readonly PartitionMetadata[], previous: number): number {
    const n = partitions.length;
    let candidates: number[] = [];
    for (let i = 0; i < n; i++) if ((partitions[i]?.leader ?? -1) >= 0 && i !== previous) candidates.push(i);
    if (candidates.length === 0) candidates = n > 1 ? [...Array(n).keys()].filter((i) => i !== previous) : [0];
    const p = candidates[Math.floor(Math.random() * candidates.length)] as number;
    this.sticky.set(topic, { partition: p, bytes: 0 });
    return p;
  }
}
