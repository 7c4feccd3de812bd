/**
 * Server-Sent Events on a fastify reply: the reply is taken over (hijacked), events are written as
 * `event:` + `data:` lines, a comment every 15 s keeps proxies from closing an idle stream, and the
 * returned signal aborts when the browser goes away, so the producer of events stops with it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of fastify's request and reply used here. */
interface Req {
  raw: IncomingMessage;
}
interface Reply {
  hijack(): unknown;
  raw: ServerResponse;
}

export interface SseStream {
  send(event: string, data: unknown): void;
  readonly signal: AbortSignal;
  end(): void;
}

/**
 * The streams a server has open. Its close() ends them first (fastify's preClose): a stream never
 * ends by itself, and the server would otherwise wait for it forever.
 */
export class SseStreams {
  private readonly open = new Set<SseStream>();

  add(s: SseStream): void {
    this.open.add(s);
    s.signal.addEventListener('abort', () => this.open.delete(s), { once: true });
  }

  endAll(): void {
    for (const s of [...this.open]) s.end();
  }
}

export function openSse(req: Req, reply: Reply, streams: SseStreams): SseStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': stream open\n\n');
  const abort = new AbortController();
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const stop = () => {
    clearInterval(keepAlive);
    abort.abort();
  };
  req.raw.on('close', stop);
  res.on('close', stop);
  const stream: SseStream = {
    signal: abort.signal,
    send(event, data) {
      if (abort.signal.aborted) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      stop();
      res.end();
    },
  };
  streams.add(stream);
  return stream;
}
