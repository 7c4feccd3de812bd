/**
 * @samsa/connect: Kafka Connect for TypeScript. `api/` is what connector authors depend on (also
 * published alone as @samsa/connect/api); `converters/`, `transforms/` and `connectors/` are the
 * plug-ins Kafka ships; `runtime/` runs them: the standalone worker and its REST API.
 */
export * from './api/index.js';
export * from './connectors/file/index.js';
export * from './converters/index.js';
export { bundledPlugins } from './runtime/bundled-plugins.js';
export { type DistributedWorker, runConnectDistributed, startDistributed } from './runtime/distributed/distributed.js';
export { DistributedHerder } from './runtime/distributed/distributed-herder.js';
export { type ConnectorInfo, type ConnectorStatus, StandaloneHerder } from './runtime/herder.js';
export { type PluginDesc, type PluginKind, Plugins } from './runtime/plugins.js';
export {
  readConnectorFile,
  runConnectStandalone,
  type StandaloneWorker,
  startStandalone,
} from './runtime/standalone.js';
export { type ConfigInfos, validateConnectorConfig } from './runtime/validation.js';
export { WORKER_CONFIG_DEF, workerSettings } from './runtime/worker-config.js';
export * from './transforms/index.js';
