/**
 * The Schema Registry's composition root: reads `_schemas` to its end, joins the leader election,
 * then serves Confluent's API on its listener. Started by the broker for each
 * `schema.registry.listeners` URL, by `samsa schema-registry` standalone, or by tests.
 *
 * Lifecycle: start() → serving → close() (stops HTTP first so no request sees a closed store,
 * then leaves the election group so another registry takes over at once, then the store).
 */
import { Admin, type CommonConfig } from '@samsa/client';
import { type ConfigInput, type Logger, silentLogger } from '@samsa/common';
import { type HttpServer, parseHttpListener, startHttpServer } from '@samsa/common/http';
import type { CompatibilityLevel } from './formats/index.js';
import { compatibilityRoutes } from './http/compatibility-routes.js';
import { configRoutes } from './http/config-routes.js';
import { installContentTypes } from './http/content-types.js';
import type { RouteContext } from './http/route-context.js';
import { schemaRoutes } from './http/schema-routes.js';
import { subjectRoutes } from './http/subject-routes.js';
import { LeaderElector } from './leader/leader-elector.js';
import { parseRegistryConfig } from './registry-config.js';
import { RegistryWriter } from './service/registry-writer.js';
import { KafkaStore } from './store/kafka-store.js';
import { SchemaStore } from './store/schema-store.js';

export interface SchemaRegistryOptions {
  /** Confluent's keys (listeners, kafkastore.bootstrap.servers, kafkastore.topic, ...). */
  config: Record<string, ConfigInput | undefined>;
  /** Client settings for the cluster connections beyond bootstrap servers (TLS, SASL). */
  client?: Omit<CommonConfig, 'bootstrapServers'>;
  logger?: Logger;
}

export class SchemaRegistry {
  private constructor(
    private readonly http: HttpServer,
    private readonly elector: LeaderElector,
    private readonly kafka: KafkaStore,
    private readonly admin: Admin,
    readonly store: SchemaStore,
  ) {}

  /** The bound URL (the real port when 0 was asked). */
  get url(): string {
    return this.http.url;
  }

  get isLeader(): boolean {
    return this.elector.isLeader;
  }

  /** The elected leader's URL, or null during an election. */
  get leaderUrl(): string | null {
    const l = this.elector.leader;
    return l === null ? null : `${l.scheme}://${l.host}:${l.port}`;
  }

  static async start(options: SchemaRegistryOptions): Promise<SchemaRegistry> {
    const cfg = parseRegistryConfig(options.config);
    const logger = options.logger ?? silentLogger;
    const client: CommonConfig = {
      ...options.client,
      bootstrapServers: cfg.get('kafkastore.bootstrap.servers') as string[],
      logger: logger.child({ component: 'client' }),
    };
    const timeoutMs = cfg.get('kafkastore.timeout.ms') as number;
    const store = new SchemaStore();
    const kafka = new KafkaStore({
      client,
      topic: cfg.get('kafkastore.topic') as string,
      replicationFactor: cfg.get('kafkastore.topic.replication.factor') as number,
      timeoutMs,
      store,
      logger: logger.child({ component: 'store' }),
    });
    await kafka.start();
    const defaultCompatibility = String(cfg.get('schema.compatibility.level')).toUpperCase() as CompatibilityLevel;
    const writer = new RegistryWriter(store, kafka, defaultCompatibility);
    const admin = new Admin({ ...client, clientId: 'schema-registry-election' });
    const listener = parseHttpListener(cfg.get('listeners') as string);
    const elector = new LeaderElector({
      admin,
      groupId: cfg.get('schema.registry.group.id') as string,
      sessionTimeoutMs: cfg.get('kafkastore.session.timeout.ms') as number,
      heartbeatIntervalMs: cfg.get('kafkastore.heartbeat.interval.ms') as number,
      logger: logger.child({ component: 'election' }),
    });
    const ctx: RouteContext = { store, writer, elector, defaultCompatibility, timeoutMs };
    let http: HttpServer;
    try {
      http = await startHttpServer({
        listener: cfg.get('listeners') as string,
        logger: logger.child({ component: 'http' }),
        routes: (app) => {
          installContentTypes(app);
          app.get('/', async () => ({}));
          subjectRoutes(app, ctx);
          schemaRoutes(app, ctx);
          configRoutes(app, ctx);
          compatibilityRoutes(app, ctx);
        },
      });
    } catch (err) {
      await kafka.close();
      await admin.close();
      throw err;
    }
    // The identity needs the bound port: the election starts once the server listens (writes wait for it).
    elector.start({
      host: (cfg.get('host.name') as string | null) ?? advertisable(listener.host),
      port: http.port,
      scheme: 'http',
      leaderEligibility: cfg.get('leader.eligibility') as boolean,
    });
    return new SchemaRegistry(http, elector, kafka, admin, store);
  }

  async close(): Promise<void> {
    await this.http.close();
    await this.elector.close();
    await this.kafka.close();
    await this.admin.close();
  }
}

/** A wildcard listener is not an address others can reach; forward to loopback unless host.name says. */
function advertisable(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
}
