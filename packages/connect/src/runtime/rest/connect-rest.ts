/**
 * Kafka Connect's REST API on the shared Samsa HTTP server (@samsa/common/http), so error bodies
 * are `{"error_code":..,"message":..}` as Kafka Connect writes them and unknown paths a JSON 404.
 * Root: GET / (version, commit, kafka_cluster_id) and GET /health (KIP-1017).
 */
import type { Logger } from '@samsa/common';
import { type HttpServer, startHttpServer } from '@samsa/common/http';
import type { FastifyInstance } from 'fastify';
import { FILE_VERSION } from '../../connectors/file/file-version.js';
import type { Herder } from '../herder-api.js';
import { connectorRoutes } from './connector-routes.js';
import { offsetRoutes } from './offset-routes.js';
import { pluginRoutes } from './plugin-routes.js';

export const CONNECT_VERSION = FILE_VERSION;
export const CONNECT_COMMIT = 'samsa';

/**
 * Kafka Connect (Jersey) answers a known path with a method it does not serve with 405, not 404.
 * Fastify would answer 404: the paths and their methods are listed here and checked first.
 */
const PATHS: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^\/$/, ['GET']],
  [/^\/health$/, ['GET']],
  [/^\/connectors$/, ['GET', 'POST']],
  [/^\/connectors\/[^/]+$/, ['GET', 'DELETE']],
  [/^\/connectors\/[^/]+\/(config)$/, ['GET', 'PUT']],
  [/^\/connectors\/[^/]+\/(status|topics)$/, ['GET']],
  [/^\/connectors\/[^/]+\/tasks$/, ['GET', 'POST']],
  [/^\/connectors\/[^/]+\/(pause|resume|stop|topics\/reset)$/, ['PUT']],
  [/^\/connectors\/[^/]+\/restart$/, ['POST']],
  [/^\/connectors\/[^/]+\/offsets$/, ['GET', 'PATCH', 'DELETE']],
  [/^\/connectors\/[^/]+\/tasks\/[^/]+\/status$/, ['GET']],
  [/^\/connectors\/[^/]+\/tasks\/[^/]+\/restart$/, ['POST']],
  [/^\/connector-plugins$/, ['GET']],
  [/^\/connector-plugins\/[^/]+\/config$/, ['GET']],
  [/^\/connector-plugins\/[^/]+\/config\/validate$/, ['PUT']],
];

function methodNotAllowed(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const entry = PATHS.find(([re]) => re.test(path));
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (entry && method !== 'OPTIONS' && !entry[1].includes(method)) {
      reply
        .code(405)
        .header('allow', entry[1].join(', '))
        .send({ error_code: 405, message: 'HTTP 405 Method Not Allowed' });
    }
  });
}

export function startConnectRest(o: {
  listener: string;
  herder: Herder;
  logger: Logger;
  clusterId: () => Promise<string | null>;
  /** Distributed mode: forwarding to the leader and the internal task-config route. */
  extraRoutes?: (app: FastifyInstance) => void;
}): Promise<HttpServer> {
  return startHttpServer({
    listener: o.listener,
    logger: o.logger,
    routes: (app) => {
      methodNotAllowed(app);
      o.extraRoutes?.(app);
      app.get('/', async () => ({
        version: CONNECT_VERSION,
        commit: CONNECT_COMMIT,
        kafka_cluster_id: await o.clusterId(),
      }));
      app.get('/health', async () => ({
        status: 'healthy',
        message: 'Worker has completed startup and is ready to handle requests.',
      }));
      connectorRoutes(app, o.herder);
      offsetRoutes(app, o.herder);
      pluginRoutes(app, o.herder);
    },
  });
}
