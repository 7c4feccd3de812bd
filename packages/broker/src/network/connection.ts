/**
 * One client connection. Owns its socket, the frame reader and the queue of responses.
 *
 * Requests are dispatched as they arrive (a pipelining client gets its requests processed without
 * waiting for earlier responses), but responses are written strictly in request order, as Kafka
 * clients require. Backpressure: when the socket's write buffer is full, or too many requests are
 * waiting for their responses, we stop reading the socket until that drains.
 */
import type { Socket } from 'node:net';
import type { Logger } from '@samsa/common';
import type { SecurityProtocol } from '../config/index.js';
import { BrokerError } from '../errors/broker-error.js';
import type { KafkaPrincipal } from '../security/kafka-principal.js';
import type { SaslSession } from '../security/sasl/sasl-session.js';
import type { BufferPool } from './buffer-pool.js';
import { clientHostOf } from './client-host.js';
import { readDirectly } from './direct-read.js';
import { FrameReader, FrameTooLargeError } from './frame-reader.js';

const PRODUCE_API_KEY = 0;
/** A chunk this large is worth a TLS write of its own rather than a copy into a coalesced one. */
const LARGE_CHUNK = 64 * 1024;

/** What handling a request yields: the encoded response frame, or null when no response is due (acks=0). */
export type ResponseChunks = Buffer[] | null;

export interface ConnectionOptions {
  id: string;
  listener: string;
  securityProtocol: SecurityProtocol;
  /** Who authenticated on this connection (User:ANONYMOUS on PLAINTEXT). */
  principal: KafkaPrincipal;
  maxRequestBytes: number;
  idleTimeoutMs: number;
  maxInFlight: number;
  logger: Logger;
  /**
   * Large frames are assembled in, and large response chunks (fetched records) given back to, this
   * pool. See onFrame and flush for when a buffer is known to be unused.
   */
  buffers?: BufferPool;
  /** Present on SASL_PLAINTEXT / SASL_SSL listeners: nothing but the SASL exchange until it completes. */
  sasl?: SaslSession;
  /** Handles one request payload. Throwing closes the connection (after earlier responses are sent). */
  dispatch(conn: Connection, payload: Buffer): ResponseChunks | Promise<ResponseChunks>;
  onClose(conn: Connection): void;
}

interface Slot {
  done: boolean;
  chunks: ResponseChunks;
  fatal: unknown;
}

export class Connection {
  readonly remoteAddress: string;
  /** The client's host as ACLs and connection quotas name it (see client-host.ts), computed once. */
  readonly clientHost: string;
  readonly remotePort: number;
  private readonly frames: FrameReader;
  private readonly queue: Slot[] = [];
  private closed = false;
  private readingPaused = false;
  private waitingForDrain = false;
  /** Reading stays paused until this time (ms since the epoch): a client quota's throttle. */
  private mutedUntil = 0;
  private unmuteTimer: NodeJS.Timeout | undefined;
  /** Who is speaking on this connection: from the TLS handshake, later from SASL. */
  principal: KafkaPrincipal;
  /**
   * On TLS, a response holding a large chunk (fetched records) is written uncorked: node's TLS
   * socket copies a writev's buffers into one new buffer before encrypting (a fetch response's
   * megabytes, every time), while a single write is encrypted straight from our buffer. Its small
   * header goes first as a write of its own, and the records, queued behind it, alone.
   */
  private readonly uncorkLarge: boolean;
  /** Set after a response that must be the last (failed authentication): close once it is written. */
  private closeAfterFlush: string | undefined;

  constructor(
    readonly socket: Socket,
    private readonly opts: ConnectionOptions,
  ) {
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.clientHost = clientHostOf(this.remoteAddress);
    this.remotePort = socket.remotePort ?? 0;
    this.principal = opts.principal;
    const pool = opts.buffers;
    this.frames = new FrameReader(opts.maxRequestBytes, pool ? (n) => pool.acquire(n) : undefined);
    // Kafka reads a SASL client's frames with the smaller limit until it has authenticated, so an
    // unauthenticated peer cannot make the broker buffer a large frame.
    if (opts.sasl) this.frames.setMaxFrameBytes(opts.sasl.settings.maxReceiveSize, 'sasl.server.max.receive.size');
    socket.setNoDelay(true);
    if (opts.idleTimeoutMs > 0) socket.setTimeout(opts.idleTimeoutMs, () => this.onIdle());
    const onData = (chunk: Buffer) => this.onData(chunk);
    socket.on('data', onData);
    const tls = opts.securityProtocol === 'SSL' || opts.securityProtocol === 'SASL_SSL';
    this.uncorkLarge = tls;
    // A TLS socket delivers one chunk per TLS record, often small ones: see direct-read.ts.
    if (tls) readDirectly(socket, onData);
    socket.on('drain', () => this.onDrain());
    socket.on('error', (err) => this.opts.logger.debug({ conn: this.id, err: err.message }, 'socket error'));
    socket.on('close', () => this.onSocketClose());
  }

  get id(): string {
    return this.opts.id;
  }

  get listener(): string {
    return this.opts.listener;
  }

  get securityProtocol(): SecurityProtocol {
    return this.opts.securityProtocol;
  }

  get sasl(): SaslSession | undefined {
    return this.opts.sasl;
  }

  /** Called when SASL authentication completes: frames up to socket.request.max.bytes from now on. */
  authenticated(principal: KafkaPrincipal): void {
    this.principal = principal;
    this.frames.setMaxFrameBytes(this.opts.maxRequestBytes, 'socket.request.max.bytes');
  }

  /**
   * Closes the connection once the responses queued so far are written (a failed authentication's
   * error goes out first); nothing more is read meanwhile.
   */
  closeAfterResponses(reason: string): void {
    this.closeAfterFlush = reason;
    this.socket.pause();
    this.readingPaused = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(reason?: string): void {
    if (this.closed) return;
    if (reason) this.opts.logger.info({ conn: this.id, client: this.remoteAddress, reason }, 'closing connection');
    this.closed = true;
    this.socket.destroy();
  }

  /**
   * Throttles the client for a quota violation (KIP-219): the response that reports
   * throttle_time_ms still goes out at once, but nothing more is read from this socket for `ms`.
   */
  muteFor(ms: number): void {
    if (ms <= 0 || this.closed) return;
    const until = Date.now() + ms;
    if (until <= this.mutedUntil) return;
    this.mutedUntil = until;
    clearTimeout(this.unmuteTimer);
    // The timer ends the mute itself rather than comparing clocks, so an early tick cannot strand it.
    this.unmuteTimer = setTimeout(() => {
      this.mutedUntil = 0;
      this.updateReading();
    }, ms);
    this.unmuteTimer.unref();
    this.updateReading();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    try {
      this.frames.push(chunk, (payload) => this.onFrame(payload));
    } catch (err) {
      if (err instanceof FrameTooLargeError) this.close(err.message);
      else this.close(`unreadable request: ${(err as Error).message}`);
    }
  }

  private onFrame(payload: Buffer): void {
    const slot: Slot = { done: false, chunks: null, fatal: undefined };
    this.queue.push(slot);
    let result: ResponseChunks | Promise<ResponseChunks>;
    try {
      result = this.opts.dispatch(this, payload);
    } catch (err) {
      this.complete(slot, null, err ?? new BrokerError('ILLEGAL_STATE', 'dispatch threw null'));
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (chunks) => this.complete(slot, chunks, undefined),
        (err) => this.complete(slot, null, err ?? new BrokerError('ILLEGAL_STATE', 'dispatch threw null')),
      );
      this.updateReading();
    } else {
      // A Produce request that completed synchronously has been appended, and nothing points into
      // its frame any more: the log copies records to the page cache and keeps no reference, and
      // the response holds only numbers and strings. So its buffer can take the next frame.
      if (payload.length >= 2 && payload.readInt16BE(0) === PRODUCE_API_KEY) this.opts.buffers?.release(payload);
      this.complete(slot, result, undefined);
    }
  }

  private complete(slot: Slot, chunks: ResponseChunks, fatal: unknown): void {
    slot.done = true;
    slot.chunks = chunks;
    slot.fatal = fatal;
    this.flush();
  }

  /** Writes every finished response at the head of the queue, in order. */
  private flush(): void {
    if (this.closed) return;
    let head = this.queue[0];
    if (!head?.done) return;
    this.socket.cork();
    while (head?.done) {
      this.queue.shift();
      if (head.fatal !== undefined) {
        this.socket.uncork();
        this.close(`request failed: ${(head.fatal as Error).message ?? String(head.fatal)}`);
        return;
      }
      const chunks = head.chunks;
      if (chunks && this.uncorkLarge && chunks.some((c) => c.length >= LARGE_CHUNK)) {
        this.socket.uncork();
        this.write(chunks);
        this.socket.cork();
      } else if (chunks) this.write(chunks);
      head = this.queue[0];
    }
    this.socket.uncork();
    if (this.closeAfterFlush !== undefined && this.queue.length === 0) {
      this.opts.logger.info(
        { conn: this.id, client: this.remoteAddress, reason: this.closeAfterFlush },
        'closing connection',
      );
      this.closed = true;
      this.socket.end();
      // end() waits for the peer only as long as it needs to flush; a peer that never reads is cut off.
      setTimeout(() => this.socket.destroy(), 5000).unref();
      return;
    }
    this.updateReading();
  }

  /**
   * Writes one response. Pooled chunks (record bytes a fetch read) go back to the pool when the
   * response's last write completes: writes finish in order, so by then the kernel has them all.
   */
  private write(chunks: Buffer[]): void {
    const pool = this.opts.buffers;
    const pooled = pool ? chunks.filter((c) => pool.owns(c)) : [];
    const last = chunks.length - 1;
    for (let i = 0; i <= last; i++) {
      const done =
        i === last && pool && pooled.length > 0
          ? (err?: Error | null) => {
              if (!err) for (const c of pooled) pool.release(c);
            }
          : undefined;
      if (!this.socket.write(chunks[i] as Buffer, done)) this.waitingForDrain = true;
    }
  }

  private onDrain(): void {
    this.waitingForDrain = false;
    this.updateReading();
  }

  private updateReading(): void {
    if (this.closeAfterFlush !== undefined) return;
    const shouldPause = this.waitingForDrain || this.queue.length >= this.opts.maxInFlight || this.mutedUntil > 0;
    if (shouldPause && !this.readingPaused) {
      this.readingPaused = true;
      this.socket.pause();
    } else if (!shouldPause && this.readingPaused) {
      this.readingPaused = false;
      this.socket.resume();
    }
  }

  private onIdle(): void {
    if (this.queue.length > 0) return; // a long poll in progress is not idleness
    this.close('idle longer than connections.max.idle.ms');
  }

  private onSocketClose(): void {
    this.closed = true;
    clearTimeout(this.unmuteTimer);
    this.opts.onClose(this);
  }
}
