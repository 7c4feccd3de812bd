/**
 * Starts the web console: one HTTP server (@samsa/common/http, so errors map like every Samsa HTTP
 * server) answering the JSON API under /api and the built pages elsewhere, over one Admin and one
 * Producer of @samsa/client. Used by `samsa console` (standalone, any Kafka-compatible cluster) and
 * by the broker's `console.listeners` (embedded, pointed at the broker itself).
 * Owner: the caller; close() stops the server, then the clients.
 */
import type { CommonConfig, Logger } from '@samsa/client';
import { type HttpApp, type HttpServer, startHttpServer } from '@samsa/common/http';
import { loginRoutes, loginState } from './auth/login-routes.js';
import { type LoginOptions, LoginSessions } from './auth/login-sessions.js';
import { requestScopedContext } from './auth/request-context.js';
import { type ConsoleContext, closeConsoleContext, createConsoleContext } from './console-context.js';
import { aclRoutes } from './routes/acl-routes.js';
import { clusterRoutes } from './routes/cluster-routes.js';
import { groupRoutes } from './routes/group-routes.js';
import { messageRoutes } from './routes/message-routes.js';
import { produceRoutes } from './routes/produce-routes.js';
import { resetOffsetsRoute } from './routes/reset-offsets.js';
import { securityRoutes } from './routes/security-routes.js';
import { topicAdminRoutes } from './routes/topic-admin-routes.js';
import { topicRoutes } from './routes/topic-routes.js';
import { staticRoutes } from './static-files.js';
import { CSRF_HEADER, installWriteGuards, newCsrfToken } from './write-guards.js';

export interface ConsoleOptions {
  /** `http://host:port` (port 0: any free port). */
  listener: string;
  /** How to reach the cluster: bootstrap servers plus TLS/SASL settings, as for any client. */
  client: CommonConfig;
  /** Hide and refuse every write. */
  readOnly?: boolean;
  logger: Logger;
  /** Where the built pages are (default: this package's dist/web). */
  webRoot?: string;
  /**
   * The cluster needs SASL credentials that the console does not have: each user logs in with
   * this mechanism, and the console acts as that principal (its own session of clients).
   */
  login?: LoginOptions;
}

export interface ConsoleServer {
  readonly url: string;
  readonly app: HttpApp;
  close(): Promise<void>;
}

/** Registers the API and the pages on `app`; exported for tests that inject requests. */
export function consoleRoutes(
  ctx: ConsoleContext,
  csrfToken: string,
  webRoot?: string,
  sessions: LoginSessions | null = null,
): (app: HttpApp) => void {
  return (app) => {
    installWriteGuards(app, { readOnly: ctx.readOnly, token: csrfToken });
    app.addHook('preClose', async () => ctx.streams.endAll());
    // What the page needs before anything else: whether to show writes, the CSRF token, and
    // whether to show the login page.
    app.get('/api/session', async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        readOnly: ctx.readOnly,
        csrfHeader: CSRF_HEADER,
        csrfToken,
        ...loginState(sessions, req.headers.cookie),
      };
    });
    if (sessions) loginRoutes(app, sessions);
    clusterRoutes(app, ctx);
    topicRoutes(app, ctx);
    topicAdminRoutes(app, ctx);
    messageRoutes(app, ctx);
    produceRoutes(app, ctx);
    groupRoutes(app, ctx);
    resetOffsetsRoute(app, ctx);
    aclRoutes(app, ctx);
    securityRoutes(app, ctx);
    staticRoutes(app, webRoot);
  };
}

export async function startConsole(opts: ConsoleOptions): Promise<ConsoleServer> {
  const ctx = createConsoleContext(opts.client, opts.readOnly ?? false, opts.logger);
  const sessions = opts.login
    ? new LoginSessions({
        login: opts.login,
        client: opts.client,
        readOnly: ctx.readOnly,
        logger: opts.logger,
        streams: ctx.streams,
      })
    : null;
  let server: HttpServer;
  try {
    server = await startHttpServer({
      listener: opts.listener,
      logger: opts.logger,
      routes: consoleRoutes(sessions ? requestScopedContext(ctx) : ctx, newCsrfToken(), opts.webRoot, sessions),
    });
  } catch (err) {
    await sessions?.closeAll();
    await closeConsoleContext(ctx);
    throw err;
  }
  // The first page would otherwise pay for connecting, ApiVersions and a first full Metadata
  // (measured: 100-250 ms for 1,000 topics, against ~20 ms once warm); a failure here is the first
  // page's to report.
  if (!sessions) void ctx.admin.listTopics().catch(() => {});
  return {
    url: server.url,
    app: server.app,
    close: async () => {
      await server.close();
      await sessions?.closeAll();
      await closeConsoleContext(ctx);
    },
  };
}
