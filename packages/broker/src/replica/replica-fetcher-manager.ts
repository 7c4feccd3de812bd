/**
 * The follower side's fetchers, one per leader broker (num.replica.fetchers = 1), created when a
 * LeaderAndIsr first makes this broker follow a partition on that leader and stopped when it no
 * longer follows anything there. Owned by the ReplicaManager, which calls it synchronously on
 * leadership changes; stopping is the only asynchronous step (the loop finishes its round).
 */
import type { Logger } from '@samsa/common';
import type { LeaderEndpoint } from './leader-endpoint.js';
import type { LiveLeader } from './partition-state.js';
import { RemoteLeaderEndpoint } from './remote-leader-endpoint.js';
import { type FollowerLogs, ReplicaFetcher, type ReplicaFetcherOptions } from './replica-fetcher.js';
import type { ReplicaManagerOptions } from './replica-manager.js';

export type LeaderEndpointFactory = (leader: LiveLeader) => LeaderEndpoint;

export class ReplicaFetcherManager {
  private readonly fetchers = new Map<number, ReplicaFetcher>();
  /** Where each leader was when its fetcher started: a leader that moved gets a new fetcher. */
  private readonly addresses = new Map<number, string>();
  /** Fetchers told to stop whose loop may still be finishing a round; shutdown waits for them. */
  private readonly stopping = new Set<Promise<void>>();

  constructor(
    private readonly endpointFor: LeaderEndpointFactory,
    private readonly logs: FollowerLogs,
    private readonly options: ReplicaFetcherOptions,
    private readonly logger: Logger,
  ) {}

  addPartition(leader: LiveLeader, topic: string, partition: number, leaderEpoch: number): void {
    const address = `${leader.host}:${leader.port}`;
    let f = this.fetchers.get(leader.brokerId);
    if (f && this.addresses.get(leader.brokerId) !== address) {
      this.fetchers.delete(leader.brokerId);
      this.stopInBackground(f);
      f = undefined;
    }
    if (!f) {
      f = new ReplicaFetcher(this.endpointFor(leader), this.logs, this.options, this.logger);
      this.fetchers.set(leader.brokerId, f);
      this.addresses.set(leader.brokerId, address);
    }
    f.addPartition(topic, partition, leaderEpoch);
  }

  /** Stops fetching a partition from whichever leader; a fetcher left without partitions stops. */
  removePartition(topic: string, partition: number): void {
    for (const [id, f] of this.fetchers) {
      f.removePartition(topic, partition);
      if (f.partitionCount === 0) {
        this.fetchers.delete(id);
        this.stopInBackground(f);
      }
    }
  }

  private stopInBackground(f: ReplicaFetcher): void {
    const p = f.stop().finally(() => this.stopping.delete(p));
    this.stopping.add(p);
  }

  fetcherFor(leaderId: number): ReplicaFetcher | undefined {
    return this.fetchers.get(leaderId);
  }

  async shutdown(): Promise<void> {
    const all = [...this.fetchers.values()];
    this.fetchers.clear();
    await Promise.all([...all.map((f) => f.stop()), ...this.stopping]);
  }
}

/** The fetchers with Kafka's defaults for what `options` leaves out, reaching leaders over the network unless told otherwise. */
export function createReplicaFetcherManager(
  brokerId: number,
  logs: FollowerLogs,
  options: ReplicaManagerOptions,
  logger: Logger,
): ReplicaFetcherManager {
  const f = options.fetch ?? {};
  const endpointFor =
    options.leaderEndpointFor ??
    ((l: LiveLeader) =>
      new RemoteLeaderEndpoint({
        leaderId: l.brokerId,
        host: l.host,
        port: l.port,
        brokerId,
        requestTimeoutMs: f.socketTimeoutMs,
        reconnectBackoffMs: f.backoffMs,
      }));
  const fetcherOptions: ReplicaFetcherOptions = {
    brokerId,
    maxWaitMs: f.maxWaitMs ?? 500,
    minBytes: f.minBytes ?? 1,
    maxBytes: f.maxBytes ?? 1_048_576,
    responseMaxBytes: f.responseMaxBytes ?? 10_485_760,
    backoffMs: f.backoffMs ?? 1000,
  };
  return new ReplicaFetcherManager(endpointFor, logs, fetcherOptions, logger);
}
