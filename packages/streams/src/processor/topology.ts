/**
 * A Topology (Kafka's Topology + InternalTopologyBuilder): named sources, processors and sinks
 * wired parent → child, and the state stores each processor uses. It is a description only: tasks
 * instantiate it (processor/stream-task.ts). Sub-topologies are the connected parts of the graph
 * (edges and shared stores join nodes; a sink and a source meet only through a topic), numbered as
 * Kafka numbers them: source nodes by name first, then the other nodes by name.
 */
import { topologyError } from '../errors.js';
import type { Serde } from '../serdes/serde.js';
import type { StateStore } from '../state/state-store.js';
import type { StoreBuilder } from '../state/stores.js';
import type { ProcessorSupplier } from './processor.js';
import { describeTopology, type TopologyDescription } from './topology-description.js';

/**
 * A topology holds serdes and processors of every type side by side; the DSL and the caller keep
 * them typed. These two aliases are the only places the package opts out of type checking.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnySerde = Serde<any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnyProcessorSupplier = ProcessorSupplier<any, any, any, any>;

export interface SerdeOptions {
  keySerde?: AnySerde | null;
  valueSerde?: AnySerde | null;
}

/**
 * Kafka's TimestampExtractor: the timestamp a source record is processed with (windows, stream
 * time), from the deserialized record and its partition's time so far (-1 before any record). A
 * negative result drops the record, counted in dropped-records-total, as Kafka does.
 */
export type TimestampExtractor = (
  record: { topic: string; partition: number; offset: bigint; key: unknown; value: unknown; timestamp: number },
  partitionTime: number,
) => number;

export interface SourceNode {
  kind: 'source';
  name: string;
  topics: string[];
  keySerde: AnySerde | null;
  valueSerde: AnySerde | null;
  timestampExtractor: TimestampExtractor | null;
}

export interface ProcessorNode {
  kind: 'processor';
  name: string;
  supplier: AnyProcessorSupplier;
  parents: string[];
  stores: string[];
}

export interface SinkNode {
  kind: 'sink';
  name: string;
  topic: string;
  parents: string[];
  keySerde: AnySerde | null;
  valueSerde: AnySerde | null;
}

export type TopologyNode = SourceNode | ProcessorNode | SinkNode;

export interface Subtopology {
  id: number;
  /** Node names in insertion order. */
  nodes: string[];
  /** Topics read by this sub-topology's sources (internal ones unprefixed). */
  sourceTopics: string[];
  sinkTopics: string[];
  stores: string[];
}

export class Topology {
  /** Nodes in the order they were added (parents are always added before children). */
  readonly nodes = new Map<string, TopologyNode>();
  readonly stores = new Map<string, StoreBuilder<StateStore>>();
  /** Repartition topics, by their unprefixed name: the runtime prefixes them with application.id. */
  readonly repartitionTopics = new Set<string>();
  /** Nodes of global stores' sub-topologies (Kafka's global state: fed by every partition, no tasks). */
  readonly globalNodes = new Set<string>();
  /** Global stores by name, with the topic feeding each. */
  readonly globalStores = new Map<string, { topic: string; sourceName: string; processorName: string }>();
  /** Groups of source topics that must be co-partitioned (the two sides of a join). */
  readonly copartitionGroups: string[][] = [];
  private readonly topicToSource = new Map<string, string>();

  addSource(
    name: string,
    topics: string | string[],
    options: SerdeOptions & { timestampExtractor?: TimestampExtractor } = {},
  ): this {
    const list = typeof topics === 'string' ? [topics] : topics;
    if (list.length === 0) throw topologyError(`Source ${name} must have at least one topic`);
    this.checkNewName(name);
    for (const t of list) {
      const other = this.topicToSource.get(t);
      if (other) throw topologyError(`Topic ${t} has already been registered by source ${other}`);
      this.topicToSource.set(t, name);
    }
    this.nodes.set(name, {
      kind: 'source',
      name,
      topics: list,
      keySerde: options.keySerde ?? null,
      valueSerde: options.valueSerde ?? null,
      timestampExtractor: options.timestampExtractor ?? null,
    });
    return this;
  }

  addProcessor<KIn, VIn, KOut, VOut>(
    name: string,
    supplier: ProcessorSupplier<KIn, VIn, KOut, VOut>,
    ...parents: string[]
  ): this {
    this.checkNewName(name);
    this.checkParents(name, parents);
    this.nodes.set(name, { kind: 'processor', name, supplier, parents, stores: [] });
    return this;
  }

  addSink(name: string, topic: string, parents: string | string[], options: SerdeOptions = {}): this {
    const list = typeof parents === 'string' ? [parents] : parents;
    this.checkNewName(name);
    this.checkParents(name, list);
    this.nodes.set(name, {
      kind: 'sink',
      name,
      topic,
      parents: list,
      keySerde: options.keySerde ?? null,
      valueSerde: options.valueSerde ?? null,
    });
    return this;
  }

  addStateStore(builder: StoreBuilder<StateStore>, ...processorNames: string[]): this {
    if (this.stores.has(builder.name)) throw topologyError(`StateStore ${builder.name} is already added.`);
    this.stores.set(builder.name, builder);
    for (const p of processorNames) this.connectProcessorAndStateStores(p, builder.name);
    return this;
  }

  connectProcessorAndStateStores(processorName: string, ...storeNames: string[]): this {
    const node = this.nodes.get(processorName);
    if (!node || node.kind !== 'processor') throw topologyError(`Processor ${processorName} is not added yet.`);
    for (const s of storeNames) {
      if (!this.stores.has(s)) throw topologyError(`StateStore ${s} is not added yet.`);
      if (!node.stores.includes(s)) node.stores.push(s);
    }
    return this;
  }

  /**
   * Adds a global store (Kafka's Topology#addGlobalStore): a source reading every partition of
   * `topic` and a processor keeping the store; any processor may read the store without being
   * connected to it. Its logging is disabled: the topic itself is its changelog.
   */
  addGlobalStore(
    store: StoreBuilder<StateStore>,
    sourceName: string,
    topic: string,
    options: SerdeOptions,
    processorName: string,
    supplier: AnyProcessorSupplier,
  ): this {
    store.withLoggingDisabled();
    this.addSource(sourceName, topic, options);
    this.addProcessor(processorName, supplier, sourceName);
    this.addStateStore(store, processorName);
    this.globalNodes.add(sourceName).add(processorName);
    this.globalStores.set(store.name, { topic, sourceName, processorName });
    return this;
  }

  /** Records that these source topics feed one join, so must have as many partitions. */
  addCopartitionGroup(topics: string[]): this {
    this.copartitionGroups.push([...new Set(topics)].sort());
    return this;
  }

  /** The source topics a node reads, through its ancestors. */
  sourceTopicsOf(name: string): string[] {
    const node = this.nodes.get(name);
    if (!node) return [];
    if (node.kind === 'source') return node.topics;
    return [...new Set(node.parents.flatMap((p) => this.sourceTopicsOf(p)))];
  }

  /** Marks a topic as a repartition topic (created and prefixed by the runtime). */
  addRepartitionTopic(name: string): this {
    this.repartitionTopics.add(name);
    return this;
  }

  children(name: string): string[] {
    const out: string[] = [];
    for (const n of this.nodes.values()) if (n.kind !== 'source' && n.parents.includes(name)) out.push(n.name);
    return out;
  }

  sourceFor(topic: string): SourceNode | undefined {
    const name = this.topicToSource.get(topic);
    return name ? (this.nodes.get(name) as SourceNode) : undefined;
  }

  /** The sub-topologies that run as tasks (global ones excluded, their ids kept as Kafka numbers them). */
  subtopologies(): Subtopology[] {
    return this.allSubtopologies().filter((s) => !s.nodes.some((n) => this.globalNodes.has(n)));
  }

  /** The global stores' sub-topologies (Kafka: "for global store (will not generate tasks)"). */
  globalSubtopologies(): Subtopology[] {
    return this.allSubtopologies().filter((s) => s.nodes.some((n) => this.globalNodes.has(n)));
  }

  allSubtopologies(): Subtopology[] {
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r) as string;
      parent.set(x, r);
      return r;
    };
    const union = (a: string, b: string) => parent.set(find(a), find(b));
    for (const n of this.nodes.keys()) parent.set(n, n);
    const storeOwner = new Map<string, string>();
    for (const n of this.nodes.values()) {
      if (n.kind !== 'source') for (const p of n.parents) union(n.name, p);
      if (n.kind === 'processor') {
        for (const s of n.stores) {
          const owner = storeOwner.get(s);
          if (owner) union(n.name, owner);
          else storeOwner.set(s, n.name);
        }
      }
    }
    const groups = new Map<string, Subtopology>();
    let nextId = 0;
    const sorted = (names: string[]) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const sources = [...this.nodes.values()].filter((n) => n.kind === 'source').map((n) => n.name);
    const others = [...this.nodes.values()].filter((n) => n.kind !== 'source').map((n) => n.name);
    for (const name of [...sorted(sources), ...sorted(others)]) {
      const root = find(name);
      if (!groups.has(root))
        groups.set(root, { id: nextId++, nodes: [], sourceTopics: [], sinkTopics: [], stores: [] });
    }
    for (const n of this.nodes.values()) {
      const g = groups.get(find(n.name)) as Subtopology;
      g.nodes.push(n.name);
      if (n.kind === 'source') g.sourceTopics.push(...n.topics);
      if (n.kind === 'sink') g.sinkTopics.push(n.topic);
      if (n.kind === 'processor') for (const s of n.stores) if (!g.stores.includes(s)) g.stores.push(s);
    }
    return [...groups.values()].sort((a, b) => a.id - b.id);
  }

  describe(): TopologyDescription {
    return describeTopology(this);
  }

  private checkNewName(name: string): void {
    if (!name) throw topologyError('Node name must not be empty');
    if (this.nodes.has(name)) throw topologyError(`Processor ${name} is already added.`);
  }

  private checkParents(name: string, parents: string[]): void {
    if (parents.length === 0) throw topologyError(`${name} must have at least one parent`);
    for (const p of parents) {
      if (p === name) throw topologyError(`Processor ${name} cannot be a predecessor of itself.`);
      const node = this.nodes.get(p);
      if (!node) throw topologyError(`Parent processor ${p} is not added yet for ${name}`);
      if (node.kind === 'sink') throw topologyError(`Sink ${p} cannot be used a parent.`);
    }
  }
}
