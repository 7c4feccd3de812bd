/**
 * A minimal pipelining Kafka connection over node:net with the generated codec: the groups
 * benchmark's load generator, also used by the group wire tests. Requests are typed by API key;
 * responses are matched by correlation id, so many may be in flight on one socket.
 */
import { connect, type Socket } from 'node:net';
import {
  type ApiKeyNumber,
  apis,
  decodeResponse,
  encodeRequestFrame,
  type RequestOf,
  type ResponseOf,
  Writer,
} from '@samsa/protocol';

interface InFlight {
  apiKey: ApiKeyNumber;
  version: number;
  resolve: (body: unknown) => void;
  reject: (err: Error) => void;
}

export class KafkaWire {
  private buffered: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly writer = new Writer(4096);
  private closedError: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly clientId: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static open(hostPort: string, clientId = 'samsa-wire'): Promise<KafkaWire> {
    const [host, port] = hostPort.split(':');
    return new Promise((resolve, reject) => {
      const s = connect({ host, port: Number(port) }, () => {
        s.off('error', reject);
        resolve(new KafkaWire(s, clientId));
      });
      s.once('error', reject);
    });
  }

  request<K extends ApiKeyNumber>(apiKey: K, version: number, body: RequestOf<K>): Promise<ResponseOf<K>> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    const def = apis[apiKey];
    this.writer.reset();
    encodeRequestFrame(this.writer, def as never, version, id, this.clientId, body);
    const frame = this.writer.toBuffer();
    return new Promise((resolve, reject) => {
      this.inFlight.set(id, { apiKey, version, resolve: resolve as (b: unknown) => void, reject });
      this.socket.write(frame);
    });
  }

  /** A request whose body starts from the codec's defaults. */
  send<K extends ApiKeyNumber>(apiKey: K, version: number, fields: Partial<RequestOf<K>>): Promise<ResponseOf<K>> {
    const body = { ...(apis[apiKey].defaultRequest() as object), ...fields } as RequestOf<K>;
    return this.request(apiKey, version, body);
  }

  private onData(d: Buffer): void {
    this.buffered = this.buffered.length === 0 ? d : Buffer.concat([this.buffered, d]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) break;
      const payload = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const id = payload.readInt32BE(0);
      const waiting = this.inFlight.get(id);
      if (!waiting) continue;
      this.inFlight.delete(id);
      try {
        waiting.resolve(decodeResponse(payload, apis[waiting.apiKey] as never, waiting.version).body);
      } catch (err) {
        waiting.reject(err as Error);
      }
    }
  }

  private fail(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    for (const w of this.inFlight.values()) w.reject(err);
    this.inFlight.clear();
  }

  close(): void {
    this.socket.destroy();
  }
}
