/**
 * `samsa connect-standalone worker.properties [connector.properties ...]` (Kafka's
 * connect-standalone.sh): one worker, offsets in offset.storage.file.filename, the REST API on
 * `listeners`, and the connectors of the given files (or JSON files, as Kafka 3.x also accepts)
 * created at start. startStandalone() is the same worker for embedding and tests.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ConfigError, type ConfigInput, createLogger, type Logger, parseProperties } from '@samsa/common';
import type { HttpServer } from '@samsa/common/http';
import { bundledPlugins } from './bundled-plugins.js';
import { StandaloneHerder } from './herder.js';
import { FileOffsetStore } from './offset-store.js';
import { loadPluginPath } from './plugin-path.js';
import { startConnectRest } from './rest/connect-rest.js';
import { Worker } from './worker.js';
import { workerSettings } from './worker-config.js';

export interface StandaloneWorker {
  readonly worker: Worker;
  readonly herder: StandaloneHerder;
  readonly rest: HttpServer;
  close(): Promise<void>;
}

export async function startStandalone(o: {
  workerProps: Readonly<Record<string, string>>;
  connectors?: ReadonlyArray<Record<string, string>>;
  logger: Logger;
}): Promise<StandaloneWorker> {
  const settings = workerSettings(o.workerProps);
  const plugins = bundledPlugins();
  await loadPluginPath(plugins, settings.pluginPath, o.logger);
  const advertised = o.workerProps['rest.advertised.host.name'];
  // The worker id is the REST address, known once the listener is bound (port 0 in tests).
  if (!settings.offsetFile) throw ConfigError.missing('offset.storage.file.filename');
  const offsets = new FileOffsetStore(settings.offsetFile);
  const worker = new Worker({ settings, plugins, logger: o.logger, workerId: '', offsets });
  const herder = new StandaloneHerder(worker, o.logger.child({ subsystem: 'herder' }));
  let rest: HttpServer | null = null;
  try {
    await worker.start();
    rest = await startConnectRest({
      listener: settings.listener,
      logger: o.logger.child({ subsystem: 'rest' }),
      herder,
      clusterId: () => worker.clusterId(),
    });
    const host = advertised ?? new URL(rest.url).hostname.replace(/^\[|\]$/g, '');
    worker.workerId = `${host === '0.0.0.0' || host === '::' ? hostname() : host}:${o.workerProps['rest.advertised.port'] ?? rest.port}`;
    for (const c of o.connectors ?? []) {
      await herder.putConnectorConfig(c.name as string, c, { allowReplace: true });
    }
  } catch (err) {
    await herder.close();
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
        await server.close();
        await herder.close();
        await worker.close();
      })();
      return closing;
    },
  };
}

/** A connector file: Java properties, or a JSON object (`{"name":..,"config":{..}}` or flat). */
export async function readConnectorFile(path: string): Promise<Record<string, string>> {
  const text = await readFile(path, 'utf8');
  if (path.endsWith('.json')) {
    const json = JSON.parse(text) as Record<string, unknown>;
    const config = (json.config ?? json) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) if (v !== null && v !== undefined) out[k] = String(v);
    if (typeof json.name === 'string') out.name = json.name;
    return out;
  }
  return propertiesOf(text, path);
}

export function propertiesOf(text: string, source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of parseProperties(text, source)) out[e.key] = e.value;
  return out;
}

/** The CLI entry point: returns the exit code once the worker has stopped (SIGINT/SIGTERM). */
export async function runConnectStandalone(args: readonly string[]): Promise<number> {
  if (args.length < 1 || args.includes('--help') || args.includes('-h')) {
    process.stderr.write(
      'Usage: samsa connect-standalone worker.properties [connector1.properties connector2.json ...]\n',
    );
    return args.length < 1 ? 1 : 0;
  }
  const logger = createLogger();
  let running: StandaloneWorker;
  try {
    const workerProps = propertiesOf(await readFile(args[0] as string, 'utf8'), args[0] as string);
    const connectors = await Promise.all(args.slice(1).map(readConnectorFile));
    running = await startStandalone({ workerProps, connectors, logger });
  } catch (err) {
    logger.error({ err }, 'connect-standalone failed to start');
    process.stderr.write(`connect-standalone: ${(err as Error).message}\n`);
    return 1;
  }
  logger.info({ url: running.rest.url }, 'Kafka Connect started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('Kafka Connect stopping');
  await running.close();
  return 0;
}

export type { ConfigInput };
