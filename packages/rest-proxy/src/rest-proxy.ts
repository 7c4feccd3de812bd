/**
 * The REST proxy's composition root (Confluent's REST Proxy, v3 and v2): one Admin and one Producer
 * of @samsa/client shared by every request, a Consumer per v2 consumer instance, fastify routes
 * from `v3/` and `v2/`. Started by the broker for
 * `rest.proxy.listeners`, or by tests.
 *
 * Lifecycle: start() → serving → close() (HTTP first, then the clients).
 */
import { Admin, type CommonConfig, Producer } from '@samsa/client';
import { SchemaRegistryClient } from '@samsa/client/schema-registry';
import { type ConfigInput, type Logger, silentLogger } from '@samsa/common';
import { type HttpServer, startHttpServer } from '@samsa/common/http';
import { parseRestProxyConfig } from './rest-config.js';
import { ConsumerInstances } from './v2/consumer-instances.js';
import { v2Routes } from './v2/v2-routes.js';
import { clusterRoutes } from './v3/cluster-routes.js';
import { configRoutes } from './v3/config-routes.js';
import { groupRoutes } from './v3/group-routes.js';
import { produceRoutes } from './v3/produce-routes.js';
import type { RestContext } from './v3/route-context.js';
import { topicRoutes } from './v3/topic-routes.js';

export interface RestProxyOptions {
  /** Confluent's keys: listeners, bootstrap.servers, schema.registry.url, consumer.instance.timeout.ms. */
  config: Record<string, ConfigInput | undefined>;
  /** The registry's URL when only known later (the broker's embedded registry on port 0); overrides schema.registry.url. */
  schemaRegistryUrl?: () => Promise<string>;
  client?: Omit<CommonConfig, 'bootstrapServers'>;
  logger?: Logger;
}

export class RestProxy {
  private constructor(
    private readonly http: HttpServer,
    private readonly ctx: RestContext,
    private readonly instances: ConsumerInstances,
  ) {}

  get url(): string {
    return this.http.url;
  }

  static async start(options: RestProxyOptions): Promise<RestProxy> {
    const cfg = parseRestProxyConfig(options.config);
    const logger = options.logger ?? silentLogger;
    const client: CommonConfig = {
      ...options.client,
      bootstrapServers: cfg.get('bootstrap.servers') as string[],
      logger: logger.child({ component: 'client' }),
    };
    const configuredUrl = cfg.get('schema.registry.url') as string | null;
    const urlOf = options.schemaRegistryUrl ?? (configuredUrl === null ? null : async () => configuredUrl);
    let registry: Promise<SchemaRegistryClient> | null = null;
    const ctx: RestContext = {
      admin: new Admin({ ...client, clientId: 'rest-proxy-admin' }),
      producer: new Producer({ ...client, clientId: 'rest-proxy-producer', acks: 'all', lingerMs: 0 }),
      registry: () => {
        if (urlOf === null) return Promise.resolve(null);
        registry ??= urlOf().then((url) => new SchemaRegistryClient({ url }));
        return registry;
      },
    };
    const instances = new ConsumerInstances(client, cfg.get('consumer.instance.timeout.ms') as number);
    try {
      const http = await startHttpServer({
        listener: cfg.get('listeners') as string,
        logger: logger.child({ component: 'http' }),
        routes: (app) => {
          app.get('/', async () => ({}));
          clusterRoutes(app, ctx);
          topicRoutes(app, ctx);
          produceRoutes(app, ctx);
          configRoutes(app, ctx);
          groupRoutes(app, ctx);
          v2Routes(app, ctx, instances);
        },
      });
      return new RestProxy(http, ctx, instances);
    } catch (err) {
      await Promise.allSettled([ctx.admin.close(), ctx.producer.close(), instances.close()]);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.http.close();
    await this.instances.close();
    await Promise.allSettled([this.ctx.producer.close(), this.ctx.admin.close()]);
  }
}
