/**
 * Topic administration for a single-node cluster, acting as its controller: creates, deletes and
 * grows topics, and owns topic-level config overrides. Every change is made durable in the metadata
 * store first, then applied to the replica manager and the metadata cache.
 *
 * Validation follows Kafka's: legal names, partitions >= 1, a replication factor the live brokers
 * can satisfy, configs that parse (INVALID_CONFIG naming the key), no duplicate topics.
 */
import { isConfigError, type Logger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { isTopicConfig, type LogConfig, logConfigDef, parseLogConfig } from '@samsa/storage';
import { applyListOp } from '../admin/list-config-ops.js';
import type { BrokerConfig } from '../config/index.js';
import { topicConfigDefaults } from '../config/index.js';
import type { ReplicaManager } from '../replica/replica-manager.js';
import { newUuid } from './file-metadata-store.js';
import type { MetadataCache } from './metadata-cache.js';
import type { MetadataStore, PartitionAssignment, TopicRecord } from './metadata-store.js';
import { isInternalTopic, topicNameProblem } from './topic-name.js';

export interface CreateTopicSpec {
  name: string;
  /** -1: num.partitions */
  numPartitions: number;
  /** -1: default.replication.factor */
  replicationFactor: number;
  /** Explicit replica assignment; when given, numPartitions and replicationFactor must be -1. */
  assignments: Array<{ partition: number; brokerIds: number[] }>;
  configs: Record<string, string | null>;
}

export interface CreatedTopic {
  topicId: string;
  numPartitions: number;
  replicationFactor: number;
}

export type AlterOp = 'SET' | 'DELETE' | 'APPEND' | 'SUBTRACT';

/**
 * Cluster mode: topics live in ZooKeeper and the controller opens partitions with LeaderAndIsr, so
 * this broker only writes the change and waits until the controller's UpdateMetadata shows it.
 */
export interface ClusterPlacement {
  liveBrokers(): Array<{ id: number; rack: string | null }>;
  /** Waits until `ready()` holds (checked after each metadata update) or the deadline passes. */
  waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean>;
}

/** How long admin requests wait for the controller to propagate a change. */
const PROPAGATION_TIMEOUT_MS = 30_000;

export type PartitionsDeletedListener = (partitions: Array<{ topic: string; partition: number }>) => void;

export class TopicManager {
  private brokerDefaults: Record<string, string>;
  private readonly deletedListeners: PartitionsDeletedListener[] = [];

  constructor(
    private readonly store: MetadataStore,
    private readonly replicas: ReplicaManager,
    private readonly cache: MetadataCache & { topicsChanged?(): void },
    private config: BrokerConfig,
    private readonly brokerId: number,
    private readonly logger: Logger,
    private readonly cluster: ClusterPlacement | null = null,
  ) {
    this.brokerDefaults = topicConfigDefaults(config);
  }

  /**
   * Single-node mode: called with a deleted topic's partitions once they are gone (the group
   * coordinator drops their offsets). Cluster mode learns deletions from UpdateMetadata instead.
   */
  onPartitionsDeleted(listener: PartitionsDeletedListener): void {
    this.deletedListeners.push(listener);
  }

  /** Opens every partition of every known topic (startup). */
  start(): void {
    if (this.cluster) return;
    for (const t of this.store.topics()) this.openPartitions(t, t.partitions);
  }

  /** Cluster mode: another broker changed topic configs in ZooKeeper; apply them to hosted logs. */
  topicConfigsChanged(): void {
    for (const t of this.store.topics()) {
      if (this.replicas.partitionsOf(t.name).length > 0)
        this.replicas.updateTopicConfig(t.name, this.logConfigOf(t.configs));
    }
  }

  /** Called when dynamic broker configs change the topic defaults. */
  brokerConfigChanged(config: BrokerConfig): void {
    this.config = config;
    this.brokerDefaults = topicConfigDefaults(config);
    for (const t of this.store.topics()) this.replicas.updateTopicConfig(t.name, this.logConfigOf(t.configs));
  }

  private liveBrokers(): number[] {
    return this.cluster ? rackAlternating(this.cluster.liveBrokers()) : [this.brokerId];
  }

  logConfigOf(overrides: Record<string, string>): LogConfig {
    return parseLogConfig({ ...this.brokerDefaults, ...overrides });
  }

  /** The effective config of a topic. */
  topicLogConfig(name: string): LogConfig {
    const t = this.requireTopic(name);
    return this.logConfigOf(t.configs);
  }

  topicOverrides(name: string): Record<string, string> {
    return { ...this.requireTopic(name).configs };
  }

  /**
   * The topic's overrides read through to the shared store where there is one (cluster mode), as
   * Kafka's ZooKeeper-mode brokers read ZooKeeper: a change another broker just made is included.
   */
  async currentTopicOverrides(name: string): Promise<Record<string, string>> {
    const cached = this.topicOverrides(name);
    return (await this.store.readTopicConfigs?.(name)) ?? cached;
  }

  get topicDefaults(): Readonly<Record<string, string>> {
    return this.brokerDefaults;
  }

  private requireTopic(name: string): TopicRecord {
    const t = this.store.topic(name);
    if (!t) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist`);
    return t;
  }

  /** Validates overrides; returns them without nulls. Throws INVALID_CONFIG naming the key. */
  validateConfigs(configs: Record<string, string | null>): Record<string, string> {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(configs)) {
      if (!isTopicConfig(k)) throw new KafkaError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${k}`);
      if (v === null) throw new KafkaError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic config ${k}`);
      clean[k] = v;
    }
    try {
      this.logConfigOf(clean);
    } catch (err) {
      if (isConfigError(err)) throw new KafkaError(ErrorCode.INVALID_CONFIG, err.message);
      throw err;
    }
    return clean;
  }

  async create(spec: CreateTopicSpec, validateOnly: boolean): Promise<CreatedTopic> {
    const problem = topicNameProblem(spec.name);
    if (problem) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    if (this.store.topic(spec.name)) {
      throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${spec.name}' already exists.`);
    }
    const assignments = this.assign(spec);
    const configs = this.validateConfigs(spec.configs);
    const created: CreatedTopic = {
      topicId: newUuid(),
      numPartitions: assignments.length,
      replicationFactor: assignments[0]?.replicas.length ?? 0,
    };
    if (validateOnly) return created;
    const record: TopicRecord = { name: spec.name, topicId: created.topicId, partitions: assignments, configs };
    await this.store.createTopic(record);
    if (this.cluster) {
      await this.cluster.waitFor(() => this.hasLeaders(spec.name, assignments.length), PROPAGATION_TIMEOUT_MS);
    } else {
      this.openPartitions(record, assignments);
      this.cache.topicsChanged?.();
    }
    this.logger.info({ topic: spec.name, partitions: created.numPartitions, configs }, 'topic created');
    return created;
  }

  /** Metadata's auto-creation with the broker's defaults. */
  async autoCreate(name: string): Promise<void> {
    if (isInternalTopic(name)) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `${name} is internal`);
    await this.create({ name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: {} }, false);
  }

  private assign(spec: CreateTopicSpec): PartitionAssignment[] {
    const live = this.liveBrokers();
    if (spec.assignments.length > 0) {
      if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
        throw new KafkaError(
          ErrorCode.INVALID_REQUEST,
          'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
        );
      }
      const sorted = [...spec.assignments].sort((a, b) => a.partition - b.partition);
      sorted.forEach((a, i) => {
        if (a.partition !== i) throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'partitions must be 0..n-1');
        if (a.brokerIds.length === 0 || new Set(a.brokerIds).size !== a.brokerIds.length) {
          throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `bad replica list for partition ${i}`);
        }
        for (const b of a.brokerIds) {
          if (!live.includes(b)) throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `unknown broker ${b}`);
        }
      });
      return sorted.map((a) => ({ partition: a.partition, replicas: [...a.brokerIds] }));
    }
    const partitions = spec.numPartitions === -1 ? this.config.numPartitions : spec.numPartitions;
    const rf = spec.replicationFactor === -1 ? this.config.defaultReplicationFactor : spec.replicationFactor;
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    }
    if (!Number.isInteger(rf) || rf < 1) {
      throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
    }
    if (rf > live.length) {
      throw new KafkaError(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `Replication factor: ${rf} larger than available brokers: ${live.length}.`,
      );
    }
    return this.spread(0, partitions, rf, live);
  }

  /** Round-robin replica placement starting at a partition-dependent broker, as Kafka's default. */
  private spread(first: number, count: number, rf: number, live: number[]): PartitionAssignment[] {
    const out: PartitionAssignment[] = [];
    for (let p = first; p < first + count; p++) {
      const replicas: number[] = [];
      for (let r = 0; r < rf; r++) replicas.push(live[(p + r) % live.length] as number);
      out.push({ partition: p, replicas });
    }
    return out;
  }

  private openPartitions(t: TopicRecord, assignments: PartitionAssignment[]): void {
    const config = this.logConfigOf(t.configs);
    for (const a of assignments) {
      if (a.replicas.includes(this.brokerId))
        this.replicas.becomeLeader(t.name, a.partition, t.topicId, config, a.replicas);
    }
  }

  async delete(name: string): Promise<void> {
    // Checked first, as Kafka does: with deletion off, even an unknown topic gets this answer.
    if (!this.config.deleteTopicEnable) {
      throw new KafkaError(
        ErrorCode.TOPIC_DELETION_DISABLED,
        'Topic deletion is disabled (delete.topic.enable=false).',
      );
    }
    const t = this.requireTopic(name);
    if (isInternalTopic(name))
      throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot delete internal topic ${name}`);
    await this.store.deleteTopic(name);
    if (this.cluster) {
      await this.cluster.waitFor(() => this.cache.topic(name) === undefined, PROPAGATION_TIMEOUT_MS);
    } else {
      this.cache.topicsChanged?.();
      for (const a of t.partitions) await this.replicas.removePartition(name, a.partition);
      const gone = t.partitions.map((a) => ({ topic: name, partition: a.partition }));
      for (const listener of this.deletedListeners) listener(gone);
    }
    this.logger.info({ topic: name }, 'topic deleted');
  }

  async createPartitions(
    name: string,
    count: number,
    assignments: number[][] | null,
    validateOnly: boolean,
  ): Promise<void> {
    const t = this.requireTopic(name);
    const current = t.partitions.length;
    if (count <= current) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `Topic currently has ${current} partitions, which is higher than the requested ${count}.`,
      );
    }
    const rf = t.partitions[0]?.replicas.length ?? 1;
    let added: PartitionAssignment[];
    if (assignments) {
      if (assignments.length !== count - current) {
        throw new KafkaError(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `Increasing the number of partitions by ${count - current} but ${assignments.length} assignments provided.`,
        );
      }
      added = assignments.map((brokerIds, i) => {
        for (const b of brokerIds) {
          if (!this.liveBrokers().includes(b))
            throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `unknown broker ${b}`);
        }
        return { partition: current + i, replicas: brokerIds };
      });
    } else {
      added = this.spread(current, count - current, rf, this.liveBrokers());
    }
    if (validateOnly) return;
    await this.store.addPartitions(name, added);
    if (this.cluster) await this.cluster.waitFor(() => this.hasLeaders(name, count), PROPAGATION_TIMEOUT_MS);
    else this.openPartitions(t, added);
    this.logger.info({ topic: name, partitions: count }, 'partitions added');
  }

  private hasLeaders(name: string, partitions: number): boolean {
    const t = this.cache.topic(name);
    return t !== undefined && t.partitions.length >= partitions && t.partitions.every((p) => p.leaderId >= 0);
  }

  /** AlterConfigs: replaces every override of the topic. */
  async replaceConfigs(name: string, configs: Record<string, string | null>, validateOnly: boolean): Promise<void> {
    this.requireTopic(name);
    const clean = this.validateConfigs(configs);
    if (validateOnly) return;
    await this.applyConfigs(name, clean);
  }

  /** IncrementalAlterConfigs: SET / DELETE / APPEND / SUBTRACT on individual keys. */
  async alterConfigs(
    name: string,
    ops: Array<{ name: string; op: AlterOp; value: string | null }>,
    validateOnly: boolean,
  ): Promise<void> {
    const next: Record<string, string | null> = await this.currentTopicOverrides(name);
    for (const { name: key, op, value } of ops) {
      if (!isTopicConfig(key)) throw new KafkaError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${key}`);
      if ((op === 'APPEND' || op === 'SUBTRACT') && logConfigDef(key).type !== 'LIST') {
        throw new KafkaError(ErrorCode.INVALID_CONFIG, `Config value append is not allowed for config key: ${key}`);
      }
      if (op === 'SET') next[key] = value;
      else if (op === 'DELETE') delete next[key];
      else next[key] = applyListOp(next[key] ?? this.brokerDefaults[key], op, value);
    }
    const clean = this.validateConfigs(next);
    if (validateOnly) return;
    await this.applyConfigs(name, clean);
  }

  private async applyConfigs(name: string, configs: Record<string, string>): Promise<void> {
    await this.store.setTopicConfigs(name, configs);
    this.replicas.updateTopicConfig(name, this.logConfigOf(configs));
    this.logger.info({ topic: name, configs }, 'topic configs changed');
  }
}

/**
 * Live brokers ordered so that consecutive ones are on different racks (Kafka's rack-aware
 * placement): round-robin placement over this list puts a partition's replicas on as many racks as
 * there are. Without racks it is the brokers in id order.
 */
export function rackAlternating(brokers: Array<{ id: number; rack: string | null }>): number[] {
  const sorted = [...brokers].sort((a, b) => a.id - b.id);
  if (sorted.every((b) => b.rack === null)) return sorted.map((b) => b.id);
  const byRack = new Map<string, number[]>();
  for (const b of sorted) {
    const rack = b.rack ?? '';
    byRack.set(rack, [...(byRack.get(rack) ?? []), b.id]);
  }
  const racks = [...byRack.keys()].sort();
  const out: number[] = [];
  for (let i = 0; out.length < sorted.length; i++) {
    for (const r of racks) {
      const id = byRack.get(r)?.[i];
      if (id !== undefined) out.push(id);
    }
  }
  return out;
}
