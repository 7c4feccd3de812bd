/**
 * Accepts connections on one listener and hands each to a Connection. Owns the set of live
 * connections so that shutdown can close them all.
 *
 * Lifecycle, as Kafka's acceptors: bind() first, before the broker touches its disk, so that a
 * taken port fails start-up with nothing written; enableRequestProcessing(dispatch) once the
 * broker can answer. Clients that connect in between wait, paused, and are served from then on.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@samsa/common';
import { type BufferPool, recordBuffers } from './buffer-pool.js';
import { Connection, type ConnectionOptions } from './connection.js';
import { ListenerBindError } from './listener-bind-error.js';

type Dispatch = ConnectionOptions['dispatch'];

export interface SocketServerOptions {
  name: string;
  host: string;
  port: number;
  maxRequestBytes: number;
  idleTimeoutMs: number;
  maxConnections: number;
  logger: Logger;
  /** Pool for large frames and fetched records; default the process's. */
  buffers?: BufferPool;
}

export class SocketServer {
  private server: Server | null = null;
  private readonly connections = new Set<Connection>();
  /** Accepted before request processing was enabled: paused until then. */
  private readonly waiting = new Set<Socket>();
  private dispatch: Dispatch | null = null;
  private nextId = 0;
  boundPort = 0;

  constructor(private readonly opts: SocketServerOptions) {}

  get name(): string {
    return this.opts.name;
  }

  /** Binds the listener's address; throws ListenerBindError (port taken, address not local...). */
  async bind(): Promise<void> {
    const server = createServer({ pauseOnConnect: true }, (socket) => this.accept(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        // An empty host means all interfaces, as in Kafka's "PLAINTEXT://:9092".
        server.listen({ host: this.opts.host || undefined, port: this.opts.port, backlog: 1024 }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      throw new ListenerBindError({ listener: this.opts.name, host: this.opts.host, port: this.opts.port }, err);
    }
    this.server = server;
    const addr = server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : this.opts.port;
    this.opts.logger.info({ listener: this.opts.name, host: this.opts.host, port: this.boundPort }, 'listening');
  }

  /** Starts serving requests, including from clients that connected since bind(). */
  enableRequestProcessing(dispatch: Dispatch): void {
    this.dispatch = dispatch;
    for (const socket of this.waiting) this.serve(socket, dispatch);
    this.waiting.clear();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private accept(socket: Socket): void {
    if (this.connections.size + this.waiting.size >= this.opts.maxConnections) {
      this.opts.logger.warn({ client: socket.remoteAddress }, 'max.connections reached, refusing connection');
      socket.destroy();
      return;
    }
    if (this.dispatch) {
      this.serve(socket, this.dispatch);
      return;
    }
    this.waiting.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => this.waiting.delete(socket));
  }

  private serve(socket: Socket, dispatch: Dispatch): void {
    const conn = new Connection(socket, {
      id: `${this.opts.name}-${this.nextId++}`,
      listener: this.opts.name,
      maxRequestBytes: this.opts.maxRequestBytes,
      idleTimeoutMs: this.opts.idleTimeoutMs,
      maxInFlight: 64,
      logger: this.opts.logger,
      buffers: this.opts.buffers ?? recordBuffers,
      dispatch,
      onClose: (c) => this.connections.delete(c),
    });
    this.connections.add(conn);
    // Accepted paused (pauseOnConnect); the connection's listeners are in place now.
    socket.resume();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const c of this.connections) c.close();
    this.connections.clear();
    for (const socket of this.waiting) socket.destroy();
    this.waiting.clear();
    await closed;
  }
}
