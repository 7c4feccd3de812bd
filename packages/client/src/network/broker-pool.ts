/**
 * Connections by broker. Each broker gets one connection per lane: 'default' for short requests
 * and 'fetch' for long-polling fetches, so a fetch waiting maxWaitMs on the broker never delays a
 * metadata or commit request queued behind it (the broker answers in order per connection).
 *
 * Owner: the Cluster. Addresses come from metadata; a broker whose address changed gets a new
 * connection. Bootstrap connections (node id -1) are kept apart and used only until metadata names
 * the brokers.
 */
import type { Logger } from '@samsa/common';
import type { ResolvedCommonConfig } from '../config.js';
import { parseHostPort } from '../config.js';
import { ClientError } from '../errors.js';
import { Connection } from './connection.js';

export type Lane = 'default' | 'fetch';

export interface BrokerAddress {
  nodeId: number;
  host: string;
  port: number;
}

export class BrokerPool {
  private readonly connections = new Map<string, Connection>();
  private readonly bootstrap = new Map<string, Connection>();
  private readonly addresses = new Map<number, BrokerAddress>();
  private closed = false;
  private readonly idleSweep: NodeJS.Timeout;

  constructor(
    private readonly config: ResolvedCommonConfig,
    private readonly logger: Logger,
    private readonly maxInFlight: number,
  ) {
    // connections.max.idle.ms: idle sockets are closed (and reopened on next use).
    this.idleSweep = setInterval(
      () => {
        for (const c of this.connections.values()) c.closeIfIdle(config.connectionsMaxIdleMs);
        for (const c of this.bootstrap.values()) c.closeIfIdle(config.connectionsMaxIdleMs);
      },
      Math.max(10, Math.min(60_000, config.connectionsMaxIdleMs / 2)),
    );
    this.idleSweep.unref();
  }

  setBrokers(brokers: Iterable<BrokerAddress>): void {
    for (const b of brokers) {
      const old = this.addresses.get(b.nodeId);
      if (old && (old.host !== b.host || old.port !== b.port)) {
        for (const lane of ['default', 'fetch'] as const) {
          const key = `${b.nodeId}/${lane}`;
          this.connections.get(key)?.close();
          this.connections.delete(key);
        }
      }
      this.addresses.set(b.nodeId, b);
    }
  }

  knows(nodeId: number): boolean {
    return this.addresses.has(nodeId);
  }

  get(nodeId: number, lane: Lane = 'default'): Connection {
    if (this.closed) throw new ClientError('CLIENT_CLOSED', 'the client is closed');
    const key = `${nodeId}/${lane}`;
    let c = this.connections.get(key);
    if (!c) {
      const addr = this.addresses.get(nodeId);
      if (!addr) throw new ClientError('NO_BROKERS', `broker ${nodeId} is not in the metadata`);
      c = this.create(addr.host, addr.port, nodeId);
      this.connections.set(key, c);
    }
    return c;
  }

  /** A bootstrap connection to `server` ("host:port"). */
  getBootstrap(server: string): Connection {
    if (this.closed) throw new ClientError('CLIENT_CLOSED', 'the client is closed');
    let c = this.bootstrap.get(server);
    if (!c) {
      const { host, port } = parseHostPort(server);
      c = this.create(host, port, -1);
      this.bootstrap.set(server, c);
    }
    return c;
  }

  /** Ready connections first, then the least loaded, so metadata goes where it is cheapest. */
  leastLoaded(): Connection | null {
    let best: Connection | null = null;
    for (const [key, c] of this.connections) {
      if (!key.endsWith('/default')) continue;
      if (
        !best ||
        (c.isReady && !best.isReady) ||
        (c.isReady === best.isReady && c.inFlightCount < best.inFlightCount)
      ) {
        best = c;
      }
    }
    return best;
  }

  nodeIds(): number[] {
    return [...this.addresses.keys()];
  }

  close(): void {
    this.closed = true;
    clearInterval(this.idleSweep);
    for (const c of this.connections.values()) c.close();
    for (const c of this.bootstrap.values()) c.close();
    this.connections.clear();
    this.bootstrap.clear();
  }

  private create(host: string, port: number, nodeId: number): Connection {
    return new Connection({
      host,
      port,
      nodeId,
      clientId: this.config.clientId,
      requestTimeoutMs: this.config.requestTimeoutMs,
      connectTimeoutMs: this.config.socketConnectionSetupTimeoutMs,
      reconnectBackoffMs: this.config.reconnectBackoffMs,
      reconnectBackoffMaxMs: this.config.reconnectBackoffMaxMs,
      maxInFlight: this.maxInFlight,
      logger: this.logger,
      tls: this.config.tls,
      socketFactory: this.config.socketFactory,
      authenticate: this.config.authenticate,
    });
  }
}
