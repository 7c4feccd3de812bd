export { Broker } from './broker.js';
export * from './config/index.js';
export { type EmbeddedBrokerOptions, startBroker } from './embedded.js';
export { LogDirError } from './log-dirs-check.js';
export { runBroker } from './main.js';
export { InconsistentBrokerIdError, MetadataFileError } from './metadata/file-metadata-store.js';
export { ListenerBindError } from './network/listener-bind-error.js';
