/**
 * A StreamTask: one sub-topology instantiated for one input partition (Kafka's StreamTask). It owns
 * its processor instances, its state stores and its stream time; the runtime (or the test driver)
 * hands it records one at a time and calls it from one place only, so nothing in it is shared.
 * Lifecycle: construct → `registrations` (changelogs to restore) → `init()` → process/punctuate →
 * `close()`.
 */
import { StreamsError } from '../errors.js';
import type { Serde } from '../serdes/serde.js';
import { changelogTopic } from '../state/change-logging-key-value-store.js';
import type { StateStore, StateStoreContext } from '../state/state-store.js';
import type {
  Cancellable,
  Processor,
  ProcessorContext,
  PunctuationType,
  RecordMetadata,
  StreamRecord,
  TaskId,
} from './processor.js';
import { PunctuationQueue } from './punctuation-queue.js';
import type { InputRecord, RecordCollector } from './record-collector.js';
import { TaskMetrics } from './task-metrics.js';
import type { Subtopology, Topology, TopologyNode } from './topology.js';

export interface StreamTaskOptions {
  id: TaskId;
  topology: Topology;
  subtopology: Subtopology;
  applicationId: string;
  collector: RecordCollector;
  defaultKeySerde: Serde<unknown> | null;
  defaultValueSerde: Serde<unknown> | null;
  /** Wall-clock time (the test driver's mock time, Date.now at runtime). */
  clock: () => number;
  /** The metrics' thread-id tag (default StreamThread-1). */
  threadId?: string;
  /** The task's folder for persistent stores (`<state.dir>/<application.id>/<task id>`). */
  stateDir?: string | null;
  /** Global stores (a global table's), readable by every processor without a connection, as in Kafka. */
  globalStore?: (name: string) => StateStore | undefined;
}

/** A changelog partition to replay into a store before the task processes. */
export interface ChangelogRegistration {
  store: string;
  topic: string;
  partition: number;
  restore(key: Buffer, value: Buffer | null, timestamp: number): void;
}

interface RuntimeNode {
  def: TopologyNode;
  children: RuntimeNode[];
  processor: Processor<unknown, unknown, unknown, unknown> | null;
}

export class StreamTask {
  readonly id: TaskId;
  readonly registrations: ChangelogRegistration[] = [];
  private readonly nodes = new Map<string, RuntimeNode>();
  private readonly stores = new Map<string, StateStore>();
  private readonly streamTimeQueue = new PunctuationQueue();
  private readonly wallClockQueue = new PunctuationQueue();
  private streamTime = -1;
  /** Per input partition, the largest extracted timestamp (the partition time handed to extractors). */
  private readonly partitionTimes = new Map<string, number>();
  private current: RuntimeNode | null = null;
  private metadata: RecordMetadata | null = null;
  private currentTimestamp = 0;
  /** Per input partition, the offset of the last record processed: what the next commit covers. */
  readonly consumed = new Map<string, { topic: string; partition: number; offset: bigint }>();
  /** Per changelog partition (`topic:partition`), the last offset known to be in the store. */
  readonly changelogOffsets = new Map<string, bigint>();
  commitRequested = false;
  readonly metrics: TaskMetrics;

  constructor(private readonly options: StreamTaskOptions) {
    this.id = options.id;
    this.metrics = new TaskMetrics(options.threadId ?? 'StreamThread-1', taskName(options.id));
    const { topology, subtopology } = options;
    for (const name of subtopology.nodes) {
      const def = topology.nodes.get(name) as TopologyNode;
      this.nodes.set(name, { def, children: [], processor: null });
    }
    for (const node of this.nodes.values()) {
      node.children = topology.children(node.def.name).map((c) => this.nodes.get(c) as RuntimeNode);
    }
    for (const storeName of subtopology.stores) {
      const builder = topology.stores.get(storeName);
      if (!builder) throw new StreamsError('STATE_STORE', `store ${storeName} is not in the topology`);
      const store = builder.build({ keySerde: options.defaultKeySerde, valueSerde: options.defaultValueSerde });
      store.init(this.storeContext());
      this.stores.set(storeName, store);
    }
  }

  /** Initialises processors, after the stores are restored. */
  init(): void {
    for (const node of this.nodes.values()) {
      if (node.def.kind !== 'processor') continue;
      node.processor = node.def.supplier() as Processor<unknown, unknown, unknown, unknown>;
      this.current = node;
      try {
        node.processor.init?.(this.contextFor(node));
      } finally {
        this.current = null;
      }
    }
  }

  /** Processes one input record through the sub-topology, then fires stream-time punctuators due. */
  process(input: InputRecord, unprefixedTopic: string): void {
    const source = this.options.topology.sourceFor(unprefixedTopic);
    const node = source ? this.nodes.get(source.name) : undefined;
    if (!source || !node)
      throw new StreamsError('PROCESSING', `task ${taskName(this.id)} has no source for ${input.topic}`);
    const keySerde = (source.keySerde ?? this.options.defaultKeySerde) as Serde<unknown>;
    const valueSerde = (source.valueSerde ?? this.options.defaultValueSerde) as Serde<unknown>;
    if (!keySerde || !valueSerde)
      throw new StreamsError('SERIALIZATION', `source ${source.name} has no serde and no default is set`);
    let key: unknown;
    let value: unknown;
    try {
      key = keySerde.deserialize(input.topic, input.key);
      value = valueSerde.deserialize(input.topic, input.value);
    } catch (err) {
      throw new StreamsError(
        'SERIALIZATION',
        `could not deserialize a record of ${input.topic}-${input.partition} at offset ${input.offset}`,
        { cause: err },
      );
    }
    const partitionKey = `${input.topic}:${input.partition}`;
    this.consumed.set(partitionKey, { topic: input.topic, partition: input.partition, offset: input.offset });
    let timestamp = input.timestamp;
    if (source.timestampExtractor) {
      const partitionTime = this.partitionTimes.get(partitionKey) ?? -1;
      timestamp = source.timestampExtractor({ ...input, key, value }, partitionTime);
      if (!(timestamp >= 0)) {
        this.metrics.recordDroppedRecord();
        return;
      }
      if (timestamp > partitionTime) this.partitionTimes.set(partitionKey, timestamp);
    }
    this.metadata = { topic: input.topic, partition: input.partition, offset: input.offset };
    if (timestamp > this.streamTime) this.streamTime = timestamp;
    try {
      this.forwardTo(node.children, { key, value, timestamp, headers: input.headers });
    } finally {
      this.metadata = null;
    }
    this.streamTimeQueue.mayPunctuate(this.streamTime);
  }

  /** Fires wall-clock punctuators due at `now`. */
  punctuateWallClock(now: number): boolean {
    return this.wallClockQueue.mayPunctuate(now);
  }

  streamTimeMs(): number {
    return this.streamTime;
  }

  getStore(name: string): StateStore | undefined {
    return this.stores.get(name);
  }

  flush(): void {
    for (const s of this.stores.values()) s.flush();
  }

  close(): void {
    for (const node of this.nodes.values()) node.processor?.close?.();
    for (const s of this.stores.values()) s.close();
  }

  private forwardTo(children: RuntimeNode[], record: StreamRecord<unknown, unknown>): void {
    const previous = this.current;
    const previousTs = this.currentTimestamp;
    try {
      for (const child of children) {
        this.current = child;
        this.currentTimestamp = record.timestamp;
        if (child.def.kind === 'processor') child.processor?.process(record);
        else if (child.def.kind === 'sink') this.sink(child.def, record);
      }
    } finally {
      this.current = previous;
      this.currentTimestamp = previousTs;
    }
  }

  private sink(def: Extract<TopologyNode, { kind: 'sink' }>, record: StreamRecord<unknown, unknown>): void {
    const topic = this.options.topology.repartitionTopics.has(def.topic)
      ? `${this.options.applicationId}-${def.topic}`
      : def.topic;
    const keySerde = (def.keySerde ?? this.options.defaultKeySerde) as Serde<unknown>;
    const valueSerde = (def.valueSerde ?? this.options.defaultValueSerde) as Serde<unknown>;
    if (!keySerde || !valueSerde)
      throw new StreamsError('SERIALIZATION', `sink ${def.name} has no serde and no default is set`);
    let key: Buffer | null;
    let value: Buffer | null;
    try {
      key = keySerde.serialize(topic, record.key);
      value = valueSerde.serialize(topic, record.value);
    } catch (err) {
      throw new StreamsError('SERIALIZATION', `could not serialize a record for ${topic} (sink ${def.name})`, {
        cause: err,
      });
    }
    this.options.collector.send({ topic, key, value, timestamp: record.timestamp, headers: record.headers });
  }

  private contextFor(node: RuntimeNode): ProcessorContext {
    const task = this;
    return {
      applicationId: this.options.applicationId,
      taskId: this.id,
      forward(record, childName) {
        const children =
          childName === undefined ? node.children : node.children.filter((c) => c.def.name === childName);
        if (childName !== undefined && children.length === 0) {
          throw new StreamsError(
            'PROCESSING',
            `Unknown downstream node: ${childName} either does not exist or is not connected to this processor.`,
          );
        }
        task.forwardTo(children, record);
      },
      recordMetadata: () => this.metadata,
      currentStreamTimeMs: () => this.streamTime,
      currentSystemTimeMs: () => this.options.clock(),
      schedule: (intervalMs: number, type: PunctuationType, punctuator: (ts: number) => void): Cancellable => {
        if (!(intervalMs >= 1))
          throw new StreamsError('PROCESSING', 'The minimum supported scheduling interval is 1 millisecond.');
        const fire = (ts: number) => {
          const previous = this.current;
          this.current = node;
          this.currentTimestamp = ts;
          try {
            punctuator(ts);
          } finally {
            this.current = previous;
          }
        };
        return type === 'STREAM_TIME'
          ? this.streamTimeQueue.schedule(0, intervalMs, fire)
          : this.wallClockQueue.schedule(this.options.clock() + intervalMs, intervalMs, fire);
      },
      getStateStore: <S extends StateStore>(name: string): S => {
        const def = node.def;
        const global = this.stores.has(name) ? undefined : this.options.globalStore?.(name);
        if (global) return global as S;
        const store = this.stores.get(name);
        if (!store || def.kind !== 'processor' || !def.stores.includes(name)) {
          throw new StreamsError(
            'STATE_STORE',
            `Processor ${def.name} has no access to StateStore ${name} as the store is not connected to the processor.`,
          );
        }
        return store as S;
      },
      commit: () => {
        this.commitRequested = true;
      },
      metrics: () => this.metrics,
    };
  }

  private storeContext(): StateStoreContext {
    const { applicationId, collector } = this.options;
    const partition = this.id.partition;
    return {
      applicationId,
      partition,
      stateDir: this.options.stateDir ?? null,
      timestamp: () => this.currentTimestamp,
      currentSystemTimeMs: () => this.options.clock(),
      logChange: (store, key, value, timestamp, headers = []) => {
        collector.send({ topic: changelogTopic(applicationId, store), partition, key, value, timestamp, headers });
      },
      register: (store, restore, logged) => {
        if (logged) this.registrations.push({ store, topic: changelogTopic(applicationId, store), partition, restore });
      },
    };
  }
}

export function taskName(id: TaskId): string {
  return `${id.subtopology}_${id.partition}`;
}
