/**
 * Accepts connections on one listener and hands each to a Connection. Owns the set of live
 * connections so that shutdown can close them all.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@samsa/common';
import { type BufferPool, recordBuffers } from './buffer-pool.js';
import { Connection, type ConnectionOptions } from './connection.js';

export interface SocketServerOptions {
  name: string;
  host: string;
  port: number;
  maxRequestBytes: number;
  idleTimeoutMs: number;
  maxConnections: number;
  logger: Logger;
  dispatch: ConnectionOptions['dispatch'];
  /** Pool for large frames and fetched records; default the process's. */
  buffers?: BufferPool;
}

export class SocketServer {
  private server: Server | null = null;
  private readonly connections = new Set<Connection>();
  private nextId = 0;
  boundPort = 0;

  constructor(private readonly opts: SocketServerOptions) {}

  get name(): string {
    return this.opts.name;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // An empty host means all interfaces, as in Kafka's "PLAINTEXT://:9092".
      server.listen({ host: this.opts.host || undefined, port: this.opts.port, backlog: 1024 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : this.opts.port;
    this.opts.logger.info({ listener: this.opts.name, host: this.opts.host, port: this.boundPort }, 'listening');
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private accept(socket: Socket): void {
    if (this.connections.size >= this.opts.maxConnections) {
      this.opts.logger.warn({ client: socket.remoteAddress }, 'max.connections reached, refusing connection');
      socket.destroy();
      return;
    }
    const conn = new Connection(socket, {
      id: `${this.opts.name}-${this.nextId++}`,
      listener: this.opts.name,
      maxRequestBytes: this.opts.maxRequestBytes,
      idleTimeoutMs: this.opts.idleTimeoutMs,
      maxInFlight: 64,
      logger: this.opts.logger,
      buffers: this.opts.buffers ?? recordBuffers,
      dispatch: this.opts.dispatch,
      onClose: (c) => this.connections.delete(c),
    });
    this.connections.add(conn);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const c of this.connections) c.close();
    this.connections.clear();
    await closed;
  }
}
