/**
 * TopologyTestDriver (Kafka Streams' test-utils): runs a topology without a broker. One task per
 * sub-topology (partition 0); piping a record processes it at once; records written to a topic the
 * topology reads (a repartition topic) are fed back into the sub-topology reading it, as Kafka's
 * driver does; everything written (outputs, repartition topics, changelogs) is kept for output
 * topics to read. Wall-clock
 * time is mocked: it moves only by `advanceWallClockTime`, which fires wall-clock punctuators.
 */
import type { RecordHeader } from '@samsa/protocol';
import { StreamsConfig, type StreamsOptions } from '../config/streams-config.js';
import { StreamsError } from '../errors.js';
import { GlobalState } from '../processor/global-state.js';
import type { OutputRecord } from '../processor/record-collector.js';
import { StreamTask } from '../processor/stream-task.js';
import type { StreamsMetric } from '../processor/task-metrics.js';
import type { Topology } from '../processor/topology.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValueStore, StateStore } from '../state/state-store.js';
import { timestampedStores, windowStoreFacade } from '../state/typed-window-store.js';
import type { SessionStore, ValueAndTimestamp, WindowStore } from '../state/window-store.js';
import { TestInputTopic } from './test-input-topic.js';
import { TestOutputTopic } from './test-output-topic.js';

export interface TopologyTestDriverOptions extends Partial<StreamsOptions> {
  /** Initial mocked wall-clock time (default: Date.now()). */
  initialWallClockTimeMs?: number;
}

export class TopologyTestDriver {
  private readonly config: StreamsConfig;
  private readonly tasks: StreamTask[] = [];
  /** Topic (as written) → the task reading it and the topic's name in the topology. */
  private readonly readers = new Map<string, { task: StreamTask; topologyTopic: string }>();
  private readonly outputs = new Map<string, OutputRecord[]>();
  private readonly internalQueue: OutputRecord[] = [];
  private readonly offsets = new Map<string, bigint>();
  private wallClock: number;
  private closed = false;
  private readonly global: GlobalState;

  constructor(topology: Topology, options: TopologyTestDriverOptions = {}) {
    const { initialWallClockTimeMs, ...streams } = options;
    this.config = new StreamsConfig({
      applicationId: 'topology-test-driver',
      bootstrapServers: 'dummy:1234',
      ...streams,
    });
    this.wallClock = initialWallClockTimeMs ?? Date.now();
    const applicationId = this.config.applicationId;
    const collector = { send: (r: OutputRecord) => this.capture(r) };
    this.global = new GlobalState({
      topology,
      applicationId,
      defaultKeySerde: this.config.defaultKeySerde,
      defaultValueSerde: this.config.defaultValueSerde,
      clock: () => this.wallClock,
    });
    const global = this.global;
    for (const subtopology of topology.subtopologies()) {
      const task = new StreamTask({
        id: { subtopology: subtopology.id, partition: 0 },
        topology,
        subtopology,
        applicationId,
        collector,
        defaultKeySerde: this.config.defaultKeySerde,
        defaultValueSerde: this.config.defaultValueSerde,
        clock: () => this.wallClock,
        threadId: 'main',
        globalStore: (name) => global.store(name),
      });
      task.init();
      this.tasks.push(task);
      for (const topic of subtopology.sourceTopics) {
        const written = topology.repartitionTopics.has(topic) ? `${applicationId}-${topic}` : topic;
        this.readers.set(written, { task, topologyTopic: topic });
      }
    }
  }

  createInputTopic<K, V>(
    topic: string,
    keySerde: Serde<K>,
    valueSerde: Serde<V>,
    options: { startTimestampMs?: number; autoAdvanceMs?: number } = {},
  ): TestInputTopic<K, V> {
    if (!this.readers.has(topic) && !this.global.topics().includes(topic))
      throw new StreamsError('UNKNOWN_TOPIC', `Unknown topic: ${topic}`);
    return new TestInputTopic(this, topic, keySerde, valueSerde, {
      startTimestampMs: options.startTimestampMs ?? this.wallClock,
      autoAdvanceMs: options.autoAdvanceMs ?? 0,
    });
  }

  createOutputTopic<K, V>(topic: string, keySerde: Serde<K>, valueSerde: Serde<V>): TestOutputTopic<K, V> {
    return new TestOutputTopic(this.queue(topic), topic, keySerde, valueSerde);
  }

  /** Processes one record as if read from `topic`; used by TestInputTopic. */
  pipeRecord(
    topic: string,
    record: { key: Buffer | null; value: Buffer | null; timestamp: number; headers: RecordHeader[] },
  ): void {
    if (this.closed) throw new StreamsError('ILLEGAL_STATE', 'the driver is closed');
    this.processOne({ topic, partition: 0, ...record });
    this.pipeInternal();
    // Kafka's driver commits after every record: stores flush (the suppression buffer logs then).
    for (const task of this.tasks) task.flush();
  }

  /** Moves mocked wall-clock time and fires wall-clock punctuators that are due. */
  advanceWallClockTime(ms: number): void {
    this.wallClock += ms;
    for (const task of this.tasks) task.punctuateWallClock(this.wallClock);
    this.pipeInternal();
  }

  getStateStore(name: string): StateStore | null {
    const global = this.global.store(name);
    if (global) return global;
    for (const task of this.tasks) {
      const store = task.getStore(name);
      if (store) return store;
    }
    return null;
  }

  getKeyValueStore<K, V>(name: string): KeyValueStore<K, V> | null {
    return this.getStateStore(name) as KeyValueStore<K, V> | null;
  }

  /** A window store by name; a timestamped one (a windowed aggregation's) is shown without timestamps, as Kafka's driver does. */
  getWindowStore<K, V>(name: string): WindowStore<K, V> | null {
    const store = this.getStateStore(name);
    if (!store) return null;
    return timestampedStores.has(store)
      ? windowStoreFacade(store as WindowStore<K, ValueAndTimestamp<V>>)
      : (store as WindowStore<K, V>);
  }

  /** A windowed aggregation's store with each value's timestamp (the largest of its records). */
  getTimestampedWindowStore<K, V>(name: string): WindowStore<K, ValueAndTimestamp<V>> | null {
    return this.getStateStore(name) as WindowStore<K, ValueAndTimestamp<V>> | null;
  }

  getSessionStore<K, V>(name: string): SessionStore<K, V> | null {
    return this.getStateStore(name) as SessionStore<K, V> | null;
  }

  /** The tasks' metrics (Kafka's driver.metrics()): dropped-records-total per task. */
  metrics(): StreamsMetric[] {
    return this.tasks.flatMap((t) => t.metrics.metrics());
  }

  /** Every topic written so far (outputs and changelogs), for tests that look at internal topics. */
  producedTopicNames(): string[] {
    return [...this.outputs.keys()];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const task of this.tasks) task.close();
    this.global.close();
  }

  /** Records written to repartition topics are read back at once (and may write more). */
  private pipeInternal(): void {
    while (this.internalQueue.length > 0) {
      const r = this.internalQueue.shift() as OutputRecord;
      this.processOne({
        topic: r.topic,
        partition: 0,
        key: r.key,
        value: r.value,
        timestamp: r.timestamp,
        headers: r.headers,
      });
    }
  }

  private processOne(r: {
    topic: string;
    partition: number;
    key: Buffer | null;
    value: Buffer | null;
    timestamp: number;
    headers: RecordHeader[];
  }): void {
    if (this.global.topics().includes(r.topic)) {
      // A global topic updates the global store at once (Kafka's driver does the same).
      const offset = this.offsets.get(r.topic) ?? 0n;
      this.offsets.set(r.topic, offset + 1n);
      this.global.process({ ...r, offset });
      return;
    }
    const reader = this.readers.get(r.topic);
    if (!reader) throw new StreamsError('UNKNOWN_TOPIC', `Unknown topic: ${r.topic}`);
    const offset = this.offsets.get(r.topic) ?? 0n;
    this.offsets.set(r.topic, offset + 1n);
    reader.task.process({ ...r, offset }, reader.topologyTopic);
  }

  /** Kept for output topics; a topic the topology also reads (a repartition topic) is read back too. */
  private capture(r: OutputRecord): void {
    this.queue(r.topic).push(r);
    if (this.readers.has(r.topic)) this.internalQueue.push(r);
  }

  private queue(topic: string): OutputRecord[] {
    let q = this.outputs.get(topic);
    if (!q) {
      q = [];
      this.outputs.set(topic, q);
    }
    return q;
  }
}
