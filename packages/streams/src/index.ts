/**
 * @samsa/streams: Kafka Streams for TypeScript over @samsa/client.
 * - kstream/: the DSL (StreamsBuilder, KStream, KGroupedStream, KTable); it only builds a Topology.
 * - processor/: the Processor API and what runs a topology (tasks, stream time, punctuation).
 * - state/: store interfaces, the in-memory and persistent (LMDB) stores, the changelogging layer.
 * - runtime/: KafkaStreams (consumer group, tasks per sub-topology and partition, commits).
 * - test-utils/: TopologyTestDriver, to test a topology without a broker.
 */
export * from './config/streams-config.js';
export * from './errors.js';
export { Branched, BranchedKStream, type BranchedOptions } from './kstream/branched-kstream.js';
export type { Change } from './kstream/change.js';
export { GlobalKTable } from './kstream/global-ktable.js';
export { KGroupedStream } from './kstream/kgrouped-stream.js';
export { KStream } from './kstream/kstream.js';
export { KTable } from './kstream/ktable.js';
export {
  type Consumed,
  type Grouped,
  Materialized,
  MaterializedBuilder,
  type Named,
  type Produced,
} from './kstream/options.js';
export { SessionWindowedKStream } from './kstream/session-windowed-kstream.js';
export { StreamJoined, type StreamJoinedOptions } from './kstream/stream-joined.js';
export { StreamsBuilder } from './kstream/streams-builder.js';
export { BufferConfig, type BufferFullStrategy, Suppressed } from './kstream/suppressed.js';
export { TimeWindowedKStream } from './kstream/time-windowed-kstream.js';
export { Duration } from './kstream/windows/duration.js';
export { JoinWindows } from './kstream/windows/join-windows.js';
export { SessionWindows } from './kstream/windows/session-windows.js';
export { SlidingWindows } from './kstream/windows/sliding-windows.js';
export { TimeWindows } from './kstream/windows/time-windows.js';
export { SessionWindow, TimeWindow, Window, Windowed } from './kstream/windows/windowed.js';
export * from './processor/processor.js';
export type { InputRecord, OutputRecord, RecordCollector } from './processor/record-collector.js';
export { StreamTask } from './processor/stream-task.js';
export { type StreamsMetric, TaskMetrics } from './processor/task-metrics.js';
export { type SerdeOptions, type Subtopology, type TimestampExtractor, Topology } from './processor/topology.js';
export { TopologyDescription } from './processor/topology-description.js';
export { type InternalTopicSpec, layoutTopics, type TopicLayout } from './runtime/internal-topics.js';
export { KafkaStreams, type KafkaStreamsOptions, type KafkaStreamsState } from './runtime/kafka-streams.js';
export type { StateRestoreListener } from './runtime/state-restorer.js';
export { type Serde, Serdes } from './serdes/serde.js';
export { WindowedSerdes } from './serdes/windowed-serdes.js';
export { changelogTopic } from './state/change-logging-key-value-store.js';
export { InMemoryKeyValueStore } from './state/in-memory-key-value-store.js';
export { InMemorySessionStore } from './state/in-memory-session-store.js';
export { InMemoryWindowStore } from './state/in-memory-window-store.js';
export { LmdbKeyValueStore } from './state/lmdb-key-value-store.js';
export type {
  KeyValue,
  KeyValueStore,
  ReadOnlyKeyValueStore,
  StateStore,
  StateStoreContext,
} from './state/state-store.js';
export { type KeyValueBytesStoreSupplier, type StoreBuilder, Stores } from './state/stores.js';
export type { Eviction, TimeOrderedKeyValueBuffer } from './state/time-ordered-buffer.js';
export type {
  ReadOnlySessionStore,
  ReadOnlyWindowStore,
  SessionStore,
  ValueAndTimestamp,
  WindowStore,
} from './state/window-store.js';
export type { SessionBytesStoreSupplier, WindowBytesStoreSupplier } from './state/window-store-builders.js';
export { TestInputTopic } from './test-utils/test-input-topic.js';
export { TestOutputTopic, type TestRecord } from './test-utils/test-output-topic.js';
export { TopologyTestDriver, type TopologyTestDriverOptions } from './test-utils/topology-test-driver.js';
