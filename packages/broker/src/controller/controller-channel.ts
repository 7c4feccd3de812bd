/**
 * The controller's connections to every live broker (Kafka's ControllerChannelManager). Requests to
 * one broker are sent one at a time, in the order the controller queued them — a LeaderAndIsr must
 * not overtake the UpdateMetadata queued before it — and a request that fails on the network is
 * retried until it is answered or the broker leaves the channel (its session ended; the next
 * controller decision about it is made from ZooKeeper, not from what it missed).
 */
import { type Connection, UnsupportedVersionError } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { type ApiKeyNumber, ErrorCode, KafkaError, type RequestOf, type ResponseOf } from '@samsa/protocol';
import { type InterBrokerTarget, interBrokerConnection } from '../network/inter-broker-connection.js';

interface Queued {
  apiKey: ApiKeyNumber;
  body: unknown;
  resolve(r: unknown): void;
  reject(e: unknown): void;
}

class BrokerQueue {
  private readonly queue: Queued[] = [];
  private running = false;
  private closed = false;

  constructor(
    readonly target: InterBrokerTarget,
    private readonly conn: Connection,
    private readonly logger: Logger,
  ) {}

  send(q: Queued): void {
    if (this.closed) {
      q.reject(new KafkaError(ErrorCode.BROKER_NOT_AVAILABLE, `broker ${this.target.nodeId} left the channel`));
      return;
    }
    this.queue.push(q);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    let failures = 0;
    while (!this.closed && this.queue.length > 0) {
      const q = this.queue[0] as Queued;
      try {
        const r = await this.conn.request(q.apiKey, q.body as never);
        this.queue.shift();
        failures = 0;
        q.resolve(r);
      } catch (err) {
        if (this.closed) break;
        if (err instanceof UnsupportedVersionError) {
          // Retrying cannot help, and would hold back every request queued behind this one.
          this.queue.shift();
          this.logger.error({ broker: this.target.nodeId, err: err.message }, 'control request not supported');
          q.reject(err);
          continue;
        }
        failures++;
        if (failures === 1 || failures % 20 === 0)
          this.logger.warn({ broker: this.target.nodeId, err: String(err) }, 'controller request failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** Math.min(failures, 5))));
      }
    }
    this.running = false;
  }

  close(): void {
    this.closed = true;
    for (const q of this.queue.splice(0)) {
      q.reject(new KafkaError(ErrorCode.BROKER_NOT_AVAILABLE, `broker ${this.target.nodeId} left the channel`));
    }
    this.conn.close();
  }
}

export class ControllerChannel {
  private readonly brokers = new Map<number, BrokerQueue>();

  constructor(
    private readonly brokerId: number,
    private readonly requestTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** Adds a broker, or replaces its connection when its endpoint changed (it restarted elsewhere). */
  addBroker(target: InterBrokerTarget): void {
    const existing = this.brokers.get(target.nodeId);
    if (existing && existing.target.host === target.host && existing.target.port === target.port) return;
    existing?.close();
    const conn = interBrokerConnection(target, {
      brokerId: this.brokerId,
      requestTimeoutMs: this.requestTimeoutMs,
      logger: this.logger,
      purpose: 'controller',
    });
    this.brokers.set(target.nodeId, new BrokerQueue(target, conn, this.logger));
  }

  removeBroker(id: number): void {
    this.brokers.get(id)?.close();
    this.brokers.delete(id);
  }

  has(id: number): boolean {
    return this.brokers.has(id);
  }

  /** Queues a request; the promise settles with its response, or rejects if the broker leaves first. */
  send<K extends ApiKeyNumber>(brokerId: number, apiKey: K, body: RequestOf<K>): Promise<ResponseOf<K>> {
    return new Promise((resolve, reject) => {
      const b = this.brokers.get(brokerId);
      if (!b)
        return reject(
          new KafkaError(ErrorCode.BROKER_NOT_AVAILABLE, `broker ${brokerId} is not in the controller channel`),
        );
      b.send({ apiKey, body, resolve: resolve as (r: unknown) => void, reject });
    });
  }

  close(): void {
    for (const b of this.brokers.values()) b.close();
    this.brokers.clear();
  }
}
