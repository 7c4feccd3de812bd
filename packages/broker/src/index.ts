export { Broker } from './broker.js';
export * from './config/index.js';
export { type EmbeddedBrokerOptions, startBroker } from './embedded.js';
export { runBroker } from './main.js';
