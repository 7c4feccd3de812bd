/**
 * One TCP connection to one broker: framing, correlation ids, an in-flight limit, per-request
 * timeouts and AbortSignals, and API version negotiation (ApiVersions v3, falling back to the
 * version the broker says it speaks).
 *
 * Owner: the BrokerPool, which keeps one per (broker, lane). Lifecycle: created disconnected;
 * the first request connects; a broken socket fails everything in flight with a retriable
 * ConnectionError and the next request reconnects after an exponential backoff. `close()` is final.
 * Requests are written strictly in the order they were made; responses are matched by correlation
 * id, so a timed-out or aborted request's late answer is simply dropped.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Logger } from '@samsa/common';
import {
  ApiKey,
  type ApiKeyNumber,
  apis,
  decodeResponse,
  encodeRequestFrame,
  KafkaError,
  type RequestOf,
  type ResponseOf,
  Writer,
} from '@samsa/protocol';
import { AbortedError, ClientError, ConnectionError, RequestTimeoutError } from '../errors.js';
import { backoffMs, sleep } from './backoff.js';
import { FrameReader } from './frame-reader.js';
import { ApiVersionTable, clientRange } from './versions.js';

export interface ConnectionOptions {
  host: string;
  port: number;
  /** -1 for a bootstrap connection whose node id is not known yet. */
  nodeId: number;
  clientId: string;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  reconnectBackoffMs: number;
  reconnectBackoffMaxMs: number;
  /** Requests written but not answered; further ones wait (max.in.flight.requests.per.connection). */
  maxInFlight: number;
  logger: Logger;
  /** Speak TLS to the broker (security.protocol=SSL); see ClientTlsOptions. */
  tls?: ClientTlsOptions;
  /** Opens the socket (default: TCP, or TLS with `tls`); for tunnels and tests. */
  socketFactory?: SocketFactory;
  authenticate?: Authenticator;
}

/**
 * TLS to the brokers (Kafka's security.protocol=SSL). PEM strings or buffers; `pfx` for PKCS12.
 * Without `ca` the system's roots are trusted. The broker's host name is checked against its
 * certificate unless `checkServerIdentity` says otherwise (ssl.endpoint.identification.algorithm
 * empty: `() => undefined`); `rejectUnauthorized: false` accepts any certificate (tests only).
 */
export interface ClientTlsOptions {
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer | Array<string | Buffer>;
  key?: string | Buffer | Array<string | Buffer>;
  passphrase?: string;
  pfx?: string | Buffer;
  /** SNI and the name checked; default the broker's host (none for an IP address). */
  servername?: string;
  rejectUnauthorized?: boolean;
  checkServerIdentity?: (host: string, cert: import('node:tls').PeerCertificate) => Error | undefined;
  minVersion?: import('node:tls').SecureVersion;
  maxVersion?: import('node:tls').SecureVersion;
  /** OpenSSL cipher list. */
  ciphers?: string;
}

export type SocketFactory = (options: { host: string; port: number }) => Socket;

/**
 * Runs on every new connection after version negotiation and before any other request: the hook
 * for SASL (SaslHandshake + SaslAuthenticate) until the security issue brings mechanisms.
 */
export type Authenticator = (ctx: {
  host: string;
  port: number;
  versions: ApiVersionTable;
  request<K extends ApiKeyNumber>(apiKey: K, body: RequestOf<K>, options?: RequestOptions): Promise<ResponseOf<K>>;
}) => Promise<void | AuthenticationResult>;

export interface AuthenticationResult {
  /** KIP-368: the broker ends the session after this long (0: never); we re-authenticate before. */
  sessionLifetimeMs: number;
}

export interface RequestOptions {
  /** Use at most this version (the negotiated one otherwise). */
  maxVersion?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** False for Produce with acks=0: the broker sends nothing back. */
  expectResponse?: boolean;
}

interface Pending {
  apiKey: ApiKeyNumber;
  version: number;
  body: unknown;
  expectResponse: boolean;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  correlationId: number;
  timer: NodeJS.Timeout | undefined;
  onAbort: (() => void) | undefined;
  settled: boolean;
  /** Sent by the authenticator, before anything else. */
  auth: boolean;
}

const SOFTWARE_NAME = 'samsa-client';
const SOFTWARE_VERSION = '0.1.0';

export class Connection {
  private socket: Socket | null = null;
  private connecting: Promise<void> | null = null;
  private versions: ApiVersionTable | null = null;
  private closed = false;
  private failures = 0;
  private nextAttemptAt = 0;
  private nextCorrelationId = 1;
  private authenticating = false;
  private lastUsed = Date.now();
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<number, Pending>();
  private reauthTimer: NodeJS.Timeout | undefined;
  /** Read side, one per socket. */
  private reader: FrameReader | null = null;

  constructor(readonly options: ConnectionOptions) {}

  get nodeId(): number {
    return this.options.nodeId;
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  get isReady(): boolean {
    return this.socket !== null && this.versions !== null;
  }

  /**
   * How good a choice this connection is for a request any broker can answer (lower is better):
   * connected, then never failed, then failed but out of its backoff, then still backing off.
   */
  get availabilityRank(): number {
    if (this.isReady) return 0;
    if (this.failures === 0) return 1;
    return Date.now() >= this.nextAttemptAt ? 2 : 3;
  }

  get inFlightCount(): number {
    return this.inFlight.size + this.queue.length;
  }

  /** Versions negotiated with this broker; connects first if needed. */
  async apiVersions(signal?: AbortSignal): Promise<ApiVersionTable> {
    await this.ensureConnected(signal);
    return this.versions as ApiVersionTable;
  }

  /** The negotiated table if connected, else null (no I/O). */
  get negotiated(): ApiVersionTable | null {
    return this.versions;
  }

  async request<K extends ApiKeyNumber>(
    apiKey: K,
    body: RequestOf<K>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<K>> {
    if (this.closed) throw new ClientError('CLIENT_CLOSED', `connection to ${this.address} is closed`);
    if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
    await this.ensureConnected(options.signal);
    const version = (this.versions as ApiVersionTable).version(apiKey, options.maxVersion);
    return this.enqueue(apiKey, version, body, options) as Promise<ResponseOf<K>>;
  }

  /** Drops the socket (not the connection) when nothing happened on it for `maxIdleMs`. */
  closeIfIdle(maxIdleMs: number): void {
    if (!this.socket || this.connecting || this.inFlight.size > 0 || this.queue.length > 0) return;
    if (Date.now() - this.lastUsed < maxIdleMs) return;
    this.options.logger.debug({ broker: this.address }, 'closing idle connection');
    this.dropSocket(new Error('idle'));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.fail(new ClientError('CLIENT_CLOSED', `connection to ${this.address} closed by the client`));
  }

  // ---- connecting

  private async ensureConnected(signal?: AbortSignal): Promise<void> {
    if (this.socket && this.versions && !this.authenticating) return;
    if (!this.connecting) {
      this.connecting = this.connectOnce().finally(() => {
        this.connecting = null;
      });
    }
    if (!signal) return this.connecting;
    const connecting = this.connecting;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new AbortedError(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      connecting.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async connectOnce(): Promise<void> {
    const wait = this.nextAttemptAt - Date.now();
    if (wait > 0) await sleep(wait);
    if (this.closed) throw new ClientError('CLIENT_CLOSED', `connection to ${this.address} is closed`);
    try {
      const socket = await this.openSocket();
      this.socket = socket;
      this.versions = await this.negotiate();
      await this.runAuthenticator(socket);
      this.failures = 0;
      this.nextAttemptAt = 0;
      this.pump();
    } catch (err) {
      this.failures++;
      this.nextAttemptAt =
        Date.now() + backoffMs(this.failures - 1, this.options.reconnectBackoffMs, this.options.reconnectBackoffMaxMs);
      this.dropSocket(err instanceof Error ? err : new Error(String(err)));
      if (err instanceof ClientError || err instanceof KafkaError) throw err;
      throw new ConnectionError('CONNECTION_FAILED', `cannot connect to ${this.address}: ${String(err)}`, {
        cause: err,
      });
    }
  }

  /** Runs the authenticator (if any) with only its requests going out; schedules re-authentication. */
  private async runAuthenticator(socket: Socket): Promise<void> {
    const authenticate = this.options.authenticate;
    if (!authenticate) return;
    this.authenticating = true;
    let result: void | AuthenticationResult;
    try {
      result = await authenticate({
        host: this.options.host,
        port: this.options.port,
        versions: this.versions as ApiVersionTable,
        request: (apiKey, body, options = {}) =>
          this.enqueue(apiKey, (this.versions as ApiVersionTable).version(apiKey, options.maxVersion), body, {
            ...options,
            auth: true,
          }) as never,
      });
    } finally {
      this.authenticating = false;
    }
    const lifetime = result?.sessionLifetimeMs ?? 0;
    clearTimeout(this.reauthTimer);
    if (lifetime > 0) {
      // As the Java client: re-authenticate at 85-95% of the session, jittered so that many
      // connections made together do not all re-authenticate at once.
      const at = lifetime * (0.85 + Math.random() * 0.1);
      this.reauthTimer = setTimeout(() => void this.reauthenticate(socket), at);
      this.reauthTimer.unref();
    }
  }

  /**
   * KIP-368 re-authentication on the open connection: new requests wait, requests in flight are
   * answered, then the SASL exchange runs again. A failure drops the socket (the next request
   * reconnects and authenticates afresh).
   */
  private async reauthenticate(socket: Socket): Promise<void> {
    if (socket !== this.socket || this.closed) return;
    this.authenticating = true;
    try {
      const deadline = Date.now() + this.options.requestTimeoutMs;
      while (this.inFlight.size > 0 && Date.now() < deadline && socket === this.socket) await sleep(5);
      if (socket !== this.socket) return;
      await this.runAuthenticator(socket);
      this.options.logger.debug({ broker: this.address }, 're-authenticated');
    } catch (err) {
      this.authenticating = false;
      this.onSocketGone(socket, err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.authenticating = false;
      this.pump();
    }
  }

  private openSocket(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const target = { host: this.options.host, port: this.options.port };
      const tls = this.options.tls;
      const direct = !this.options.socketFactory && !tls;
      const reader: FrameReader = new FrameReader(
        (payload): boolean => {
          this.dispatch(payload);
          return this.reader === reader;
        },
        (size) => this.onSocketGone(this.socket, new Error(`invalid response size ${size}`)),
        direct,
      );
      this.reader = reader;
      // A plain socket reads into buffers the FrameReader picks (large frames without a copy).
      const socket = this.options.socketFactory
        ? this.options.socketFactory(target)
        : tls
          ? tlsConnect({
              ...target,
              ...tls,
              servername: tls.servername ?? (isIP(target.host) ? undefined : target.host),
            })
          : netConnect({ ...target, onread: { buffer: reader.readTarget, callback: reader.onRead } });
      // A TLS socket is usable once its handshake is done; a failed handshake is an 'error'.
      const ready = tls && !this.options.socketFactory ? 'secureConnect' : 'connect';
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectionError('CONNECTION_FAILED', `connecting to ${this.address} timed out`));
      }, this.options.connectTimeoutMs);
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        if (!direct) socket.on('data', (d: Buffer) => reader.push(d));
        socket.on('error', (e) => this.onSocketGone(socket, e));
        socket.on('close', () => this.onSocketGone(socket, new Error('closed by the broker')));
        resolve(socket);
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(
          this.tlsFailure(e) ??
            new ConnectionError('CONNECTION_FAILED', `cannot connect to ${this.address}: ${e.message}`, { cause: e }),
        );
      });
    });
  }

  /** ApiVersions at our highest version; a broker that does not know it answers in v0 with its range. */
  private async negotiate(): Promise<ApiVersionTable> {
    let version = clientRange(ApiKey.ApiVersions).max;
    for (let attempt = 0; attempt < 3; attempt++) {
      const body = { clientSoftwareName: SOFTWARE_NAME, clientSoftwareVersion: SOFTWARE_VERSION };
      const res = (await this.enqueue(ApiKey.ApiVersions, version, body, {})) as ResponseOf<18>;
      if (res.errorCode === 35) {
        const theirs = res.apiKeys.find((k) => k.apiKey === ApiKey.ApiVersions);
        const next = theirs ? Math.min(theirs.maxVersion, version - 1) : 0;
        if (next < 0 || next >= version) break;
        version = next;
        continue;
      }
      if (res.errorCode !== 0) throw new KafkaError(res.errorCode, 'ApiVersions failed');
      return new ApiVersionTable(res.apiKeys);
    }
    throw new ConnectionError('CONNECTION_FAILED', `no ApiVersions version in common with ${this.address}`);
  }

  // ---- writing

  private enqueue(
    apiKey: ApiKeyNumber,
    version: number,
    body: unknown,
    options: RequestOptions & { auth?: boolean },
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const p: Pending = {
        apiKey,
        version,
        body,
        expectResponse: options.expectResponse ?? true,
        timeoutMs: options.timeoutMs ?? this.options.requestTimeoutMs,
        signal: options.signal,
        resolve,
        reject,
        correlationId: 0,
        timer: undefined,
        onAbort: undefined,
        settled: false,
        auth: options.auth ?? false,
      };
      if (options.signal) {
        p.onAbort = () => this.settle(p, new AbortedError(options.signal?.reason));
        options.signal.addEventListener('abort', p.onAbort, { once: true });
      }
      // The timeout covers queueing as well as the round trip, as request.timeout.ms does.
      p.timer = setTimeout(() => this.onTimeout(p), p.timeoutMs);
      this.queue.push(p);
      this.pump();
    });
  }

  private pump(): void {
    const socket = this.socket;
    if (!socket) return;
    if (!this.versions) {
      // Negotiating: only ApiVersions may go out; everything else waits for its answer.
      const i = this.queue.findIndex((p) => p.apiKey === ApiKey.ApiVersions && !p.settled);
      if (i >= 0) this.write(socket, this.queue.splice(i, 1)[0] as Pending);
      return;
    }
    if (this.authenticating) {
      // Authenticating: only the authenticator's requests go out.
      const i = this.queue.findIndex((p) => p.auth && !p.settled);
      if (i >= 0 && this.inFlight.size < this.options.maxInFlight)
        this.write(socket, this.queue.splice(i, 1)[0] as Pending);
      return;
    }
    while (this.queue.length > 0 && this.inFlight.size < this.options.maxInFlight) {
      const p = this.queue.shift() as Pending;
      if (p.settled) continue;
      this.write(socket, p);
    }
  }

  private write(socket: Socket, p: Pending): void {
    const correlationId = this.nextCorrelationId;
    this.nextCorrelationId = (this.nextCorrelationId + 1) & 0x7fffffff;
    p.correlationId = correlationId;
    this.lastUsed = Date.now();
    // A fresh Writer per request: the socket may keep our chunks queued after write() returns.
    const w = new Writer(1024);
    try {
      encodeRequestFrame(w, apis[p.apiKey] as never, p.version, correlationId, this.options.clientId, p.body);
    } catch (err) {
      this.settle(p, err);
      return;
    }
    const chunks = w.chunks();
    if (chunks.length === 1) socket.write(chunks[0] as Buffer);
    else {
      socket.cork();
      for (const c of chunks) socket.write(c);
      socket.uncork();
    }
    if (p.expectResponse) this.inFlight.set(correlationId, p);
    else this.settle(p, undefined, null);
  }

  // ---- reading

  private dispatch(payload: Buffer): void {
    const correlationId = payload.readInt32BE(0);
    const p = this.inFlight.get(correlationId);
    if (!p) return; // timed out or aborted earlier
    this.inFlight.delete(correlationId);
    this.lastUsed = Date.now();
    let body: unknown;
    try {
      body = this.decode(payload, p);
    } catch (err) {
      this.settle(p, err);
      this.pump();
      return;
    }
    this.settle(p, undefined, body);
    this.pump();
  }

  private decode(payload: Buffer, p: Pending): unknown {
    const def = apis[p.apiKey] as never;
    if (p.apiKey !== ApiKey.ApiVersions) return decodeResponse(payload, def, p.version).body;
    // A broker that does not support our ApiVersions version answers with a v0 body.
    try {
      return decodeResponse(payload, def, p.version).body;
    } catch {
      return decodeResponse(payload, def, 0).body;
    }
  }

  // ---- failure

  private settle(p: Pending, err: unknown, value?: unknown): void {
    if (p.settled) return;
    p.settled = true;
    if (p.timer) clearTimeout(p.timer);
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    if (p.correlationId && this.inFlight.get(p.correlationId) === p) this.inFlight.delete(p.correlationId);
    if (err !== undefined) p.reject(err);
    else p.resolve(value);
  }

  private onTimeout(p: Pending): void {
    const sent = p.correlationId !== 0;
    this.settle(
      p,
      new RequestTimeoutError(`${apis[p.apiKey].name} to ${this.address} timed out after ${p.timeoutMs} ms`),
    );
    // As in the Java client, a request that went unanswered means the connection is suspect.
    if (sent && this.socket) this.onSocketGone(this.socket, new Error('request timed out'));
  }

  private onSocketGone(socket: Socket | null, err: Error): void {
    if (socket !== this.socket || !socket) return;
    this.options.logger.debug({ broker: this.address, error: err.message }, 'connection lost');
    this.dropSocket(err);
  }

  private dropSocket(err: Error): void {
    clearTimeout(this.reauthTimer);
    const socket = this.socket;
    this.socket = null;
    this.versions = null;
    this.reader?.reset();
    this.reader = null;
    socket?.destroy();
    const failure =
      err instanceof ClientError
        ? err
        : (this.tlsFailure(err) ??
          new ConnectionError('CONNECTION_CLOSED', `connection to ${this.address} lost: ${err.message}`));
    for (const p of [...this.inFlight.values()]) this.settle(p, failure);
    this.inFlight.clear();
    // Requests not yet written can wait for the reconnect, unless the connection is closed for good.
    if (this.closed) this.fail(failure);
    else if (this.queue.some((p) => !p.settled)) void this.ensureConnected().catch((e) => this.fail(e));
  }

  /**
   * A TLS handshake failure (a certificate we do not trust or that names another host, a TLS alert
   * from the broker refusing ours, TLS spoken to a plaintext port) as a non-retriable error, as the
   * Java client's SslAuthenticationException: trying again cannot fix it.
   */
  private tlsFailure(err: Error): ClientError | null {
    const code = String((err as { code?: unknown }).code ?? '');
    if (!this.options.tls || !/^ERR_SSL_|^ERR_TLS_CERT|CERT|^UNABLE_TO_|SELF_SIGNED/.test(code)) return null;
    return new ClientError('SSL_AUTHENTICATION_FAILED', `TLS handshake with ${this.address} failed: ${err.message}`, {
      cause: err,
    });
  }

  private fail(err: unknown): void {
    const all = [...this.queue, ...this.inFlight.values()];
    this.queue.length = 0;
    this.inFlight.clear();
    for (const p of all) this.settle(p, err);
    if (this.closed && this.socket) {
      this.socket.destroy();
      this.socket = null;
    }
  }
}
