/**
 * `samsa connect-distributed worker.properties` (Kafka's connect-distributed.sh): a worker that
 * joins the Connect group `group.id`, keeps configs, offsets and statuses in the internal topics,
 * and serves the REST API (writes forwarded to the leader). startDistributed() for embedding.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { createLogger, type Logger } from '@samsa/common';
import type { HttpServer } from '@samsa/common/http';
import { bundledPlugins } from '../bundled-plugins.js';
import { loadPluginPath } from '../plugin-path.js';
import { startConnectRest } from '../rest/connect-rest.js';
import { propertiesOf } from '../standalone.js';
import { Worker } from '../worker.js';
import { workerSettings } from '../worker-config.js';
import { distributedSettings } from './distributed-config.js';
import { DistributedHerder } from './distributed-herder.js';
import { distributedRoutes } from './rest-forwarding.js';
import { TopicOffsetStore } from './topic-stores.js';

export interface DistributedWorker {
  readonly worker: Worker;
  readonly herder: DistributedHerder;
  readonly rest: HttpServer;
  close(): Promise<void>;
}

export async function startDistributed(o: {
  workerProps: Readonly<Record<string, string>>;
  logger: Logger;
}): Promise<DistributedWorker> {
  const dist = distributedSettings(o.workerProps);
  const settings = workerSettings(o.workerProps);
  const plugins = bundledPlugins();
  await loadPluginPath(plugins, settings.pluginPath, o.logger);
  const worker = new Worker({ settings, plugins, logger: o.logger, workerId: '', offsets: new TopicOffsetStore() });
  const herder = new DistributedHerder(worker, dist, o.logger.child({ subsystem: 'herder' }));
  let rest: HttpServer | null = null;
  try {
    rest = await startConnectRest({
      listener: settings.listener,
      logger: o.logger.child({ subsystem: 'rest' }),
      herder,
      clusterId: () => worker.clusterId(),
      extraRoutes: (app) => distributedRoutes(app, herder),
    });
    const advertisedHost =
      o.workerProps['rest.advertised.host.name'] ?? new URL(rest.url).hostname.replace(/^\[|\]$/g, '');
    const host = advertisedHost === '0.0.0.0' || advertisedHost === '::' ? hostname() : advertisedHost;
    const port = o.workerProps['rest.advertised.port'] ?? String(rest.port);
    worker.workerId = `${host}:${port}`;
    herder.url = `http://${worker.workerId}`;
    await worker.start();
    await herder.start();
  } catch (err) {
    await herder.close().catch(() => {});
    await worker.close();
    await rest?.close();
    throw err;
  }
  const server = rest;
  let closing: Promise<void> | null = null;
  return {
    worker,
    herder,
    rest: server,
    close: () => {
      closing ??= (async () => {
        await herder.close();
        await server.close();
        await worker.close();
      })();
      return closing;
    },
  };
}

export async function runConnectDistributed(args: readonly string[]): Promise<number> {
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    process.stderr.write('Usage: samsa connect-distributed worker.properties\n');
    return args.length === 1 ? 0 : 1;
  }
  const logger = createLogger();
  let running: DistributedWorker;
  try {
    const workerProps = propertiesOf(await readFile(args[0] as string, 'utf8'), args[0] as string);
    running = await startDistributed({ workerProps, logger });
  } catch (err) {
    logger.error({ err }, 'connect-distributed failed to start');
    process.stderr.write(`connect-distributed: ${(err as Error).message}\n`);
    return 1;
  }
  logger.info({ url: running.rest.url }, 'Kafka Connect started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}
