/**
 * Cluster mode: writes a transaction's markers at each partition's current leader (Kafka's
 * TransactionMarkerChannelManager). Partitions are grouped by the leader the metadata cache names;
 * those led here are appended directly, the others go in one WriteTxnMarkers (key 27) per leader
 * over an inter-broker connection. A partition whose leader moved, is unknown, or did not answer
 * is looked up again after a backoff — the cache follows the controller's UpdateMetadata — and
 * retried until it is written or the coordinator no longer wants it (resigned, fenced, stopped).
 *
 * Owned by the transaction coordinator; the connections (one per leader) live until close().
 */
import type { Connection } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import type { MetadataCache } from '../../metadata/metadata-cache.js';
import { interBrokerConnection } from '../../network/inter-broker-connection.js';
import type { MarkerRequest, TxnMarkerAppender } from './txn-marker-appender.js';
import type { TxnMarkerWriter } from './txn-marker-writer.js';
import type { TxnPartition } from './txn-metadata.js';

export interface RemoteTxnMarkerWriterOptions {
  brokerId: number;
  metadata: MetadataCache;
  /** inter.broker.listener.name: the endpoint leaders are reached on. */
  listener: string;
  requestTimeoutMs: number;
  /** For partitions led by this broker. */
  local: Pick<TxnMarkerAppender, 'append'>;
  logger: Logger;
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** The coordinator gives up on these: a newer producer epoch or coordinator has taken over. */
const ABANDON = new Set<number>([
  ErrorCode.INVALID_PRODUCER_EPOCH,
  ErrorCode.PRODUCER_FENCED,
  ErrorCode.TRANSACTION_COORDINATOR_FENCED,
]);

export class RemoteTxnMarkerWriter implements TxnMarkerWriter {
  private readonly connections = new Map<number, { address: string; conn: Connection }>();
  private closed = false;

  constructor(private readonly opts: RemoteTxnMarkerWriterOptions) {}

  async write(
    marker: MarkerRequest,
    partitions: readonly TxnPartition[],
    now: number,
    stillWanted: () => boolean,
  ): Promise<number[]> {
    const codes = partitions.map((): number => ErrorCode.NOT_COORDINATOR);
    let pending = partitions.map((_, i) => i);
    let backoff = this.opts.backoffMs ?? 50;
    for (;;) {
      const byLeader = new Map<number, number[]>();
      for (const i of pending) {
        const { topic, partition } = partitions[i] as TxnPartition;
        const t = this.opts.metadata.topic(topic);
        if (!t || partition >= t.partitions.length) {
          codes[i] = ErrorCode.NONE; // deleted since it joined the transaction: nothing to mark
          continue;
        }
        const leader = t.partitions[partition]?.leaderId ?? -1;
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), i]);
      }
      const sent = await Promise.all(
        [...byLeader].map(async ([leader, indexes]) => {
          const results = await this.send(
            leader,
            marker,
            indexes.map((i) => partitions[i] as TxnPartition),
            now,
          );
          return indexes.map((i, k) => [i, results[k] as number] as const);
        }),
      );
      pending = [];
      for (const [i, code] of sent.flat()) {
        codes[i] = code;
        if (code !== ErrorCode.NONE && !ABANDON.has(code)) pending.push(i);
      }
      if (pending.length === 0 || this.closed || !stillWanted()) break;
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, this.opts.maxBackoffMs ?? 1000);
      if (this.closed || !stillWanted()) break;
    }
    return codes;
  }

  /** One leader's share: error codes aligned with `partitions` (network failures count as retriable). */
  private async send(
    leader: number,
    marker: MarkerRequest,
    partitions: TxnPartition[],
    now: number,
  ): Promise<number[]> {
    const all = (code: number) => partitions.map(() => code);
    if (leader < 0) return all(ErrorCode.LEADER_NOT_AVAILABLE);
    if (leader === this.opts.brokerId) return this.opts.local.append(marker, partitions, now);
    const conn = this.connection(leader);
    if (!conn) return all(ErrorCode.LEADER_NOT_AVAILABLE);
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    try {
      const r = await conn.request(27, {
        markers: [
          {
            producerId: BigInt(marker.producerId),
            producerEpoch: marker.producerEpoch,
            transactionResult: marker.commit,
            coordinatorEpoch: marker.coordinatorEpoch,
            topics: [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
          },
        ],
      });
      const answered = new Map<string, number>();
      for (const t of r.markers[0]?.topics ?? []) {
        for (const p of t.partitions) answered.set(`${t.name}\0${p.partitionIndex}`, p.errorCode);
      }
      return partitions.map((p) => answered.get(`${p.topic}\0${p.partition}`) ?? ErrorCode.UNKNOWN_SERVER_ERROR);
    } catch (err) {
      this.opts.logger.debug({ leader, err: String(err) }, 'WriteTxnMarkers failed; retrying');
      return all(ErrorCode.NETWORK_EXCEPTION);
    }
  }

  private connection(brokerId: number): Connection | null {
    const endpoint = this.opts.metadata.brokers(this.opts.listener).find((b) => b.nodeId === brokerId);
    if (!endpoint) return null;
    const address = `${endpoint.host}:${endpoint.port}`;
    const known = this.connections.get(brokerId);
    if (known?.address === address) return known.conn;
    known?.conn.close();
    const conn = interBrokerConnection(
      { nodeId: brokerId, host: endpoint.host, port: endpoint.port },
      {
        brokerId: this.opts.brokerId,
        requestTimeoutMs: this.opts.requestTimeoutMs,
        logger: this.opts.logger,
        purpose: 'txn-markers',
      },
    );
    this.connections.set(brokerId, { address, conn });
    return conn;
  }

  close(): void {
    this.closed = true;
    for (const { conn } of this.connections.values()) conn.close();
    this.connections.clear();
  }
}
