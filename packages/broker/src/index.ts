export { Broker } from './broker.js';
export * from './config/index.js';
export { type EmbeddedBrokerOptions, startBroker } from './embedded.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export { runBroker } from './main.js';
