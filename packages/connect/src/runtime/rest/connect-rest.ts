/**
 * Kafka Connect's REST API on the shared Samsa HTTP server (@samsa/common/http), so error bodies
 * are `{"error_code":..,"message":..}` as Kafka Connect writes them and unknown paths a JSON 404.
 * Root: GET / (version, commit, kafka_cluster_id) and GET /health (KIP-1017).
 */
import type { Logger } from '@samsa/common';
import { type HttpServer, startHttpServer } from '@samsa/common/http';
import { FILE_VERSION } from '../../connectors/file/file-version.js';
import type { StandaloneHerder } from '../herder.js';
import { connectorRoutes } from './connector-routes.js';
import { offsetRoutes } from './offset-routes.js';
import { pluginRoutes } from './plugin-routes.js';

export const CONNECT_VERSION = FILE_VERSION;
export const CONNECT_COMMIT = 'samsa';

export function startConnectRest(o: {
  listener: string;
  herder: StandaloneHerder;
  logger: Logger;
  clusterId: () => Promise<string | null>;
}): Promise<HttpServer> {
  return startHttpServer({
    listener: o.listener,
    logger: o.logger,
    routes: (app) => {
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
