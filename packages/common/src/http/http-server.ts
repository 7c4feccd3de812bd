/**
 * Starts one of Samsa's HTTP servers on a listener URL. Fastify is the one HTTP server library of
 * the project (the broker's admin listener now; the console, registry, REST proxy and Connect REST
 * API later): its logger convention is pino's, which is our Logger's; it validates and serializes by
 * JSON schema; it answers in-process `inject()` calls for tests; and it has the plugins the console
 * will want (static files, SSE). Every server built here maps errors the same way:
 * - an `HttpError` → its status, body `{ error_code, message }`;
 * - fastify's own client errors (bad JSON, body too large, ...) → their 4xx status, same body;
 * - an unknown path → 404 `{ error_code: 404, message: "HTTP 404 Not Found" }`;
 * - anything else → 500 with a fixed message (the error is logged, never sent: it may hold internals).
 * Owner: the component that starts it; close() is idempotent.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logger/index.js';
import { HttpError, type HttpErrorBody } from './http-error.js';
import { parseHttpListener } from './listener-url.js';

export interface HttpServerOptions {
  /** `http://host:port`; port 0 binds any free port. */
  listener: string;
  /** The owner's child logger: a line when listening, one per server-side failure. */
  logger: Logger;
  /** Registers the routes (called before listening). */
  routes: (app: FastifyInstance) => void;
}

export interface HttpServer {
  /** The bound address as a URL (the real port when 0 was asked). */
  readonly url: string;
  readonly port: number;
  /** For tests and embedding: fastify's in-process request injection. */
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export function errorBody(status: number, message: string, errorCode = status): HttpErrorBody {
  return { error_code: errorCode, message };
}

/** The one error mapping, applied to every Samsa HTTP server. */
export function installErrorMapping(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody(404, 'HTTP 404 Not Found'));
    logger.debug({ method: req.method, url: req.url }, 'no route');
  });
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) {
      reply.code(err.status).send(errorBody(err.status, err.message, err.errorCode));
      return;
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      reply.code(status).send(errorBody(status, (err as Error).message));
      return;
    }
    logger.error({ err, method: req.method, url: req.url }, 'HTTP request failed');
    reply.code(500).send(errorBody(500, 'Internal Server Error'));
  });
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const { host, port } = parseHttpListener(opts.listener);
  // Fastify's own request logging stays off: per-request lines are not info-level material.
  const app = Fastify({ logger: false });
  installErrorMapping(app, opts.logger);
  opts.routes(app);
  await app.listen({ host, port });
  const addr = app.server.address();
  const boundPort = typeof addr === 'object' && addr ? addr.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${boundPort}`;
  opts.logger.info({ url }, 'HTTP listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    port: boundPort,
    app,
    close: () => {
      closing ??= app.close();
      return closing;
    },
  };
}
