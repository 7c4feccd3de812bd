/**
 * A raw protocol client for tests: writes frames as given (valid or not) and reads response frames,
 * reporting a closed connection or a timeout instead of throwing, so tests can assert on both.
 */
import { connect, type Socket } from 'node:net';
import { type ApiDefinition, decodeResponse, encodeRequestFrame, Writer } from '@samsa/protocol';

/** A raw client: sends frames, reads one response frame, or reports the connection closed. */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private closed = false;
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly socket: Socket,
    private readonly clientId: string,
  ) {
    socket.on('data', (d: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  /** `clientId` goes in every request header `request` sends. */
  static open(port: number, clientId = 'raw-test'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(s, clientId)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next response payload, or 'closed', or 'timeout' after `ms`. */
  async next(ms = 5000): Promise<Buffer | 'closed' | 'timeout'> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length >= 4 + size) {
          const payload = this.buffered.subarray(4, 4 + size);
          this.buffered = this.buffered.subarray(4 + size);
          return payload;
        }
      }
      if (this.closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private correlation = 1000;

  /** Sends one request and decodes its response (throws if the connection closes or times out). */
  async request<Req, Res>(def: ApiDefinition<Req, Res>, version: number, body: Req, timeoutMs = 10_000): Promise<Res> {
    const id = this.correlation++;
    const w = new Writer();
    encodeRequestFrame(w, def as ApiDefinition<Req, unknown>, version, id, this.clientId, body);
    this.send(w.toBuffer());
    const reply = await this.next(timeoutMs);
    if (!Buffer.isBuffer(reply)) throw new Error(`no response to ${def.name} v${version}: ${reply}`);
    const { correlationId, body: decoded } = decodeResponse(reply, def, version);
    if (correlationId !== id) throw new Error(`correlation id ${correlationId}, expected ${id}`);
    return decoded;
  }
}
