/**
 * @samsa/streams: Kafka Streams for TypeScript over @samsa/client.
 * - kstream/: the DSL (StreamsBuilder, KStream, KGroupedStream, KTable); it only builds a Topology.
 * - processor/: the Processor API and what runs a topology (tasks, stream time, punctuation).
 * - state/: store interfaces, the in-memory store and its changelogging layer.
 * - runtime/: KafkaStreams (consumer group, tasks per sub-topology and partition, commits).
 * - test-utils/: TopologyTestDriver, to test a topology without a broker.
 */
export * from './config/streams-config.js';
export * from './errors.js';
export type { Change } from './kstream/change.js';
export { KGroupedStream } from './kstream/kgrouped-stream.js';
export { KStream } from './kstream/kstream.js';
export { KTable } from './kstream/ktable.js';
export type { Consumed, Grouped, Materialized, Named, Produced } from './kstream/options.js';
export { StreamsBuilder } from './kstream/streams-builder.js';
export * from './processor/processor.js';
export type { InputRecord, OutputRecord, RecordCollector } from './processor/record-collector.js';
export { StreamTask } from './processor/stream-task.js';
export { type SerdeOptions, type Subtopology, Topology } from './processor/topology.js';
export { TopologyDescription } from './processor/topology-description.js';
export { KafkaStreams, type KafkaStreamsOptions, type KafkaStreamsState } from './runtime/kafka-streams.js';
export { type Serde, Serdes } from './serdes/serde.js';
export { changelogTopic } from './state/change-logging-key-value-store.js';
export { InMemoryKeyValueStore } from './state/in-memory-key-value-store.js';
export type {
  KeyValue,
  KeyValueStore,
  ReadOnlyKeyValueStore,
  StateStore,
  StateStoreContext,
} from './state/state-store.js';
export { type KeyValueBytesStoreSupplier, type StoreBuilder, Stores } from './state/stores.js';
export { TestInputTopic } from './test-utils/test-input-topic.js';
export { TestOutputTopic, type TestRecord } from './test-utils/test-output-topic.js';
export { TopologyTestDriver, type TopologyTestDriverOptions } from './test-utils/topology-test-driver.js';
