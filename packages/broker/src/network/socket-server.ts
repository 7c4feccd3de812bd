/**
 * Accepts connections on one listener and hands each to a Connection. Owns the set of live
 * connections so that shutdown can close them all.
 *
 * Lifecycle, as Kafka's acceptors: bind() first, before the broker touches its disk, so that a
 * taken port fails start-up with nothing written; enableRequestProcessing(dispatch) once the
 * broker can answer. Clients that connect in between wait, paused, and are served from then on.
 *
 * Connection limits (max.connections, max.connections.per.ip, connection creation rates) apply to
 * the TCP connection as it arrives, on TLS listeners too, before any handshake work.
 *
 * TLS listeners (SSL, SASL_SSL) hand over a socket only once its handshake succeeded, with the
 * principal its certificate maps to. A failed handshake (garbage, a plaintext client, no or an
 * untrusted client certificate) closes that socket and is logged once at info, as Kafka logs a
 * failed authentication; the listener keeps serving. reloadTls() swaps the TLS context for new
 * connections (a dynamically changed key store); established ones keep theirs.
 *
 * SASL listeners (SASL_PLAINTEXT, SASL_SSL) give each connection a SaslSession (security/sasl/):
 * nothing but the SASL exchange is served until it completes, and its principal replaces the TLS
 * one. A SASL listener enabled without SASL settings (a bug) closes its connections rather than
 * serve unauthenticated clients on a listener meant to authenticate them.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type Server as TlsServer } from 'node:tls';
import type { Logger } from '@samsa/common';
import type { SecurityProtocol } from '../config/index.js';
import { BrokerError } from '../errors/broker-error.js';
import { ANONYMOUS, type KafkaPrincipal, principalToString } from '../security/kafka-principal.js';
import { type ListenerTls, tlsPrincipal } from '../security/listener-tls.js';
import { type AuthenticationCounts, type SaslListenerSettings, SaslSession } from '../security/sasl/sasl-session.js';
import { type BufferPool, recordBuffers } from './buffer-pool.js';
import { Connection, type ConnectionOptions } from './connection.js';
import type { ConnectionQuotas } from './connection-quotas.js';
import { ListenerBindError } from './listener-bind-error.js';

type Dispatch = ConnectionOptions['dispatch'];

export interface SocketServerOptions {
  name: string;
  securityProtocol: SecurityProtocol;
  /** The listener's TLS settings; required for SSL and SASL_SSL, ignored otherwise. */
  tls?: ListenerTls;
  host: string;
  port: number;
  maxRequestBytes: number;
  idleTimeoutMs: number;
  maxConnections: number;
  /** max.connections.per.ip, shared by every listener of the broker; none: no per-address limit. */
  connectionQuotas?: ConnectionQuotas;
  logger: Logger;
  /** Pool for large frames and fetched records; default the process's. */
  buffers?: BufferPool;
}

export class SocketServer {
  private server: Server | TlsServer | null = null;
  private tls: ListenerTls | undefined;
  private saslWarned = false;
  private readonly connections = new Set<Connection>();
  /** Accepted before request processing was enabled (with who they are): paused until then. */
  private readonly waiting = new Map<Socket, KafkaPrincipal>();
  /** Accepted over max.connection.creation.rate: held unread until their throttle time has passed. */
  private readonly delayed = new Map<Socket, NodeJS.Timeout>();
  private dispatch: Dispatch | null = null;
  private sasl: SaslListenerSettings | undefined;
  private nextId = 0;
  boundPort = 0;
  /** SASL exchanges and TLS handshakes that completed or failed on this listener (metrics). */
  readonly authentications: AuthenticationCounts = { succeeded: 0, failed: 0 };

  constructor(private readonly opts: SocketServerOptions) {
    this.tls = opts.tls;
  }

  get name(): string {
    return this.opts.name;
  }

  get securityProtocol(): SecurityProtocol {
    return this.opts.securityProtocol;
  }

  /** The TLS settings new connections get (undefined on a listener without TLS). */
  get currentTls(): ListenerTls | undefined {
    return this.tls;
  }

  private get usesTls(): boolean {
    return this.opts.securityProtocol === 'SSL' || this.opts.securityProtocol === 'SASL_SSL';
  }

  /** Binds the listener's address; throws ListenerBindError (port taken, address not local...). */
  async bind(): Promise<void> {
    // A plain socket is accepted paused; a TLS one passes the connection limits as a raw TCP
    // socket (before its handshake) and reaches admit() after it, not flowing until a 'data'
    // listener is attached.
    const server = this.usesTls
      ? this.createTlsServer()
      : createServer({ pauseOnConnect: true }, (socket) => this.accept(socket, (s) => this.admit(s, ANONYMOUS)));
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

  /**
   * Starts serving requests, including from clients that connected since bind(). On a SASL
   * listener `sasl` holds the settings each connection's SaslSession is made with (they need the
   * broker's credential store, which exists only after bind()).
   */
  enableRequestProcessing(dispatch: Dispatch, sasl?: SaslListenerSettings): void {
    this.sasl = sasl;
    this.dispatch = dispatch;
    for (const [socket, principal] of this.waiting) this.serve(socket, dispatch, principal);
    this.waiting.clear();
  }

  /** The per-address connection limits this listener enforces (shared with the broker's other listeners). */
  get connectionQuotas(): ConnectionQuotas | undefined {
    return this.opts.connectionQuotas;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private createTlsServer(): TlsServer {
    const tls = this.tls;
    if (!tls) {
      throw new BrokerError(
        'ILLEGAL_STATE',
        `listener ${this.opts.name} uses ${this.opts.securityProtocol} but has no TLS settings`,
      );
    }
    // A client that connects and never finishes its handshake is dropped after the idle timeout
    // (node's default would hold the socket for two minutes).
    const handshakeTimeout = this.opts.idleTimeoutMs > 0 ? Math.min(this.opts.idleTimeoutMs, 120_000) : 120_000;
    const server = createTlsServer({ ...tls.options, handshakeTimeout }, (socket) => this.acceptTls(socket));
    // As Kafka's Acceptor, the connection limits apply when the TCP connection arrives, before the
    // handshake: an address over max.connections.per.ip costs no TLS handshake. node's tls.Server
    // starts the handshake from its own 'connection' listener; ours runs the limits first and hands
    // it the sockets they let through.
    const startHandshake = server.listeners('connection')[0] as ((raw: Socket) => void) | undefined;
    if (!startHandshake) throw new BrokerError('ILLEGAL_STATE', 'tls.Server has no connection listener');
    server.removeAllListeners('connection');
    server.on('connection', (raw: Socket) => this.accept(raw, (s) => startHandshake.call(server, s)));
    server.on('tlsClientError', (err, socket) => {
      // node refuses an untrusted client certificate after the handshake by hanging up, so the
      // reason is the socket's authorizationError. A peer that connects and leaves without a word
      // (a port probe, the controller's crash detector) is no failed authentication worth info.
      const reason = socket.authorizationError
        ? `client certificate refused: ${socket.authorizationError}`
        : err.message;
      const silent = !socket.authorizationError && (err as NodeJS.ErrnoException).code === 'ECONNRESET';
      if (!silent) this.authentications.failed++;
      this.opts.logger[silent ? 'debug' : 'info'](
        { listener: this.opts.name, client: socket.remoteAddress, err: reason },
        'failed authentication (TLS handshake failed)',
      );
      socket.destroy();
    });
    return server;
  }

  private acceptTls(socket: TLSSocket): void {
    const tls = this.tls as ListenerTls;
    let principal: KafkaPrincipal;
    try {
      principal = tlsPrincipal(socket, tls);
    } catch (err) {
      this.opts.logger.info(
        { listener: this.opts.name, client: socket.remoteAddress, err: (err as Error).message },
        'failed authentication (client certificate refused)',
      );
      this.authentications.failed++;
      socket.destroy();
      return;
    }
    this.opts.logger.debug(
      { listener: this.opts.name, client: socket.remoteAddress, principal: principalToString(principal) },
      'TLS client authenticated',
    );
    // As Kafka's SSL listeners; on SASL_SSL the SASL exchange is what authenticates the client.
    if (this.opts.securityProtocol === 'SSL') this.authentications.succeeded++;
    this.admit(socket, principal);
  }

  /** New TLS settings (a changed key store, ssl.client.auth...) for connections accepted from now on. */
  reloadTls(next: ListenerTls): void {
    this.tls = next;
    const server = this.server;
    if (server && 'setSecureContext' in server) {
      server.setSecureContext(next.options);
      // node's tls.Server reads these two per accepted connection; setSecureContext leaves them.
      Object.assign(server, {
        requestCert: next.options.requestCert === true,
        rejectUnauthorized: next.options.rejectUnauthorized !== false,
      });
    }
    this.opts.logger.info({ listener: this.opts.name }, 'TLS settings reloaded for new connections');
  }

  /**
   * The connection limits, on a TCP connection as it arrives; `proceed` serves it (plain) or starts
   * its TLS handshake. The per-address count is released when the TCP socket closes.
   */
  private accept(socket: Socket, proceed: (socket: Socket) => void): void {
    // Per address first, as Kafka's ConnectionQuotas: an address over its limit is closed at once.
    const quotas = this.opts.connectionQuotas;
    const address = socket.remoteAddress;
    if (quotas && address !== undefined) {
      if (!quotas.tryAcquire(address, this.opts.name)) {
        socket.destroy();
        return;
      }
      socket.once('close', () => quotas.release(address));
    }
    if (this.connections.size + this.waiting.size + this.delayed.size >= this.opts.maxConnections) {
      this.opts.logger.warn({ client: socket.remoteAddress }, 'max.connections reached, refusing connection');
      socket.destroy();
      return;
    }
    // The ip's connection_creation_rate: over it, the socket is held unread for the throttle time
    // and then closed (Kafka's ConnectionThrottledException). max.connection.creation.rate: over
    // it, the socket is held unread for the throttle time and then served.
    const now = Date.now();
    const ipDelayMs = quotas && address !== undefined ? quotas.recordIpCreation(address, now) : 0;
    const delayMs = ipDelayMs > 0 ? ipDelayMs : (quotas?.recordCreation(now) ?? 0);
    if (delayMs > 0) {
      if (ipDelayMs > 0)
        this.opts.logger.info(
          { listener: this.opts.name, client: address, throttleMs: ipDelayMs },
          'connection_creation_rate quota of the address exceeded, closing the connection after its throttle time (ConnectionThrottledException)',
        );
      socket.on('error', () => {});
      const timer = setTimeout(() => {
        this.delayed.delete(socket);
        if (ipDelayMs > 0) socket.destroy();
        else if (!socket.destroyed) proceed(socket);
      }, delayMs);
      this.delayed.set(socket, timer);
      socket.once('close', () => {
        clearTimeout(timer);
        this.delayed.delete(socket);
      });
      return;
    }
    proceed(socket);
  }

  /** Serves an accepted socket, or holds it until request processing is enabled. */
  private admit(socket: Socket, principal: KafkaPrincipal): void {
    if (this.dispatch) {
      this.serve(socket, this.dispatch, principal);
      return;
    }
    this.waiting.set(socket, principal);
    socket.on('error', () => {});
    socket.once('close', () => this.waiting.delete(socket));
  }

  private serve(socket: Socket, dispatch: Dispatch, principal: KafkaPrincipal): void {
    if (this.opts.securityProtocol.startsWith('SASL_') && !this.sasl) {
      if (!this.saslWarned) {
        this.saslWarned = true;
        this.opts.logger.warn(
          { listener: this.opts.name },
          'no SASL settings: closing connections on this SASL listener',
        );
      }
      socket.destroy();
      return;
    }
    const conn = new Connection(socket, {
      id: `${this.opts.name}-${this.nextId++}`,
      listener: this.opts.name,
      securityProtocol: this.opts.securityProtocol,
      principal,
      maxRequestBytes: this.opts.maxRequestBytes,
      idleTimeoutMs: this.opts.idleTimeoutMs,
      maxInFlight: 64,
      logger: this.opts.logger,
      buffers: this.opts.buffers ?? recordBuffers,
      dispatch,
      ...(this.sasl ? { sasl: new SaslSession(this.sasl, this.authentications) } : {}),
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
    for (const socket of this.waiting.keys()) socket.destroy();
    this.waiting.clear();
    for (const [socket, timer] of this.delayed) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.delayed.clear();
    await closed;
  }
}
