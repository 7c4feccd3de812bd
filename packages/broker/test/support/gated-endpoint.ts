/**
 * A LeaderEndpoint a test can pause: while paused, fetches wait (as if the follower were slow or
 * cut off) until resumed or closed. Closing releases them so fetchers always stop.
 */
import type {
  EpochAnswer,
  EpochQuery,
  FetchedPartition,
  FetchParams,
  FetchPartition,
  LeaderEndpoint,
} from '../../src/replica/leader-endpoint.js';

export class GatedEndpoint implements LeaderEndpoint {
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  fetches = 0;

  constructor(private readonly inner: LeaderEndpoint) {}

  get leaderId(): number {
    return this.inner.leaderId;
  }

  pause(): void {
    if (this.gate) return;
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  resume(): void {
    this.open?.();
    this.gate = null;
    this.open = null;
  }

  async fetch(params: FetchParams, partitions: FetchPartition[]): Promise<FetchedPartition[]> {
    while (this.gate) await this.gate;
    this.fetches++;
    return this.inner.fetch(params, partitions);
  }

  offsetForLeaderEpoch(replicaId: number, queries: EpochQuery[]): Promise<EpochAnswer[]> {
    return this.inner.offsetForLeaderEpoch(replicaId, queries);
  }

  earliestOffset(replicaId: number, topic: string, partition: number, epoch: number): Promise<number> {
    return this.inner.earliestOffset(replicaId, topic, partition, epoch);
  }

  latestOffset(replicaId: number, topic: string, partition: number, epoch: number): Promise<number> {
    return this.inner.latestOffset(replicaId, topic, partition, epoch);
  }

  close(): void {
    this.resume();
    this.inner.close();
  }
}
