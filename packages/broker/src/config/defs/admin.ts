/**
 * The broker's HTTP admin listener (metrics, health, summaries) and what it exports. Samsa's own
 * keys: Kafka exposes metrics over JMX, Redpanda over its admin API's HTTP listener; Samsa follows
 * Redpanda here with Kafka's naming style. Off by default so that tests running many brokers in one
 * process never fight over a port; `npm start` turns it on at http://127.0.0.1:9644. The other HTTP
 * services the broker can embed (the Schema Registry, the REST proxy) take their listeners here
 * too, off by default for the same reason (`npm start`: 8081 and 8082).
 */
import type { BrokerConfigKey } from '../broker-config-key.js';

export const ADMIN_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'admin.listeners',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Comma-separated http://host:port URLs serving /metrics and /v1/status/*; port 0 binds a free port; empty: no HTTP listener.',
  },
  {
    // Samsa's own key, named like admin.listeners: Kafka ships no UI (Redpanda embeds its console the same way).
    name: 'console.listeners',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: "Comma-separated http://host:port URLs serving the web console for this broker's cluster; port 0 binds a free port; empty: no console.",
  },
  {
    // With console.client.<key> (Kafka client properties for its connection, read as the broker's
    // originals): how the embedded console reaches the broker (http/console-client-config.ts).
    name: 'console.listener.name',
    type: 'STRING',
    default: null,
    importance: 'LOW',
    doc: 'The listener the embedded console connects to (default: the first of listeners). On a SASL listener without console.client.sasl.jaas.config, each user logs in and the console acts as that principal.',
  },
  {
    name: 'console.read.only',
    type: 'BOOLEAN',
    default: 'false',
    importance: 'LOW',
    doc: 'Serve the embedded console read-only: every write (create, delete, produce, offsets, configs) hidden and refused.',
  },
  {
    // Redpanda builds its schema registry into the broker too (schema_registry.schema_registry_api);
    // the key follows Confluent's `listeners` under a prefix. Off by default for the same reason.
    name: 'schema.registry.listeners',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: "An http://host:port URL serving the Schema Registry API (Confluent's paths) from this broker, state in the _schemas topic; port 0 binds a free port; empty: no registry.",
  },
  {
    name: 'rest.proxy.listeners',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: "An http://host:port URL serving the REST proxy API (Confluent's v3 and v2 paths) from this broker; port 0 binds a free port; empty: no proxy.",
  },
  {
    // Like Redpanda's aggregate_metrics, in reverse: one switch drops every {topic,partition}
    // series (log size, offsets, consumer-group lag per partition) for clusters with very many partitions.
    name: 'metrics.partition.series.enable',
    type: 'BOOLEAN',
    default: 'true',
    importance: 'LOW',
    doc: 'Export per-partition series (kafka_log_log_size, log offsets, kafka_consumergroup_lag per partition); off keeps the per-topic and per-group totals only.',
  },
];
