/** @samsa/rest-proxy: Confluent's REST Proxy v3 API (a subset) over any Kafka-compatible cluster. */
export { parseRestProxyConfig, REST_PROXY_CONFIG_DEF } from './rest-config.js';
export { RestProxy, type RestProxyOptions } from './rest-proxy.js';
export { splitConcatenatedJson } from './v3/concatenated-json.js';
