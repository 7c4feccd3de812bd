/**
 * The admin client (Java's Admin): topics, partitions, configs, client quotas, record deletion,
 * offsets and the cluster description. Every call retries retriable errors with backoff until defaultApiTimeoutMs
 * (or its own `timeoutMs`), honours an AbortSignal, and throws the first per-item error as a
 * KafkaError naming the item, as the Java client's `all().get()` does.
 *
 * Lifecycle: usable after construction; `close()` closes its connections.
 */
import { ApiKey, KafkaError } from '@samsa/protocol';
import { type CommonConfig, clientLogger, type IsolationLevelName, resolveCommon } from '../config.js';
import { clientConfigNumber } from '../config-defs.js';
import { GroupRequests } from '../consumer/group/group-requests.js';
import type { TopicPartition } from '../consumer/subscription-state.js';
import { invalidatesMetadata } from '../errors.js';
import { Cluster } from '../metadata/cluster.js';
import { ZERO_UUID } from '../metadata/metadata.js';
import { withRetries } from '../retry.js';
import { type AclBinding, type AclBindingFilter, createAcls, deleteAcls, describeAcls } from './acls.js';
import {
  alterClientQuotas,
  describeClientQuotas,
  type EntityQuotas,
  type QuotaAlteration,
  type QuotaFilter,
} from './client-quotas.js';
import {
  type ConfigAlteration,
  type ConfigResource,
  describeConfigs,
  incrementalAlterConfigs,
  type ResourceConfigs,
} from './configs.js';
import {
  deleteGroup,
  deleteGroupOffsets,
  describeGroup,
  type GroupDescription,
  type GroupListing,
  type GroupOffset,
  listGroups,
} from './groups.js';
import {
  alterPartitionReassignments,
  type ElectionType,
  electLeaders,
  listPartitionReassignments,
  type PartitionOutcome,
  type PartitionReassignment,
} from './leadership.js';
import { ISOLATION_LEVEL, listOffsets, type OffsetAnswer, type OffsetSpec } from './list-offsets.js';
import { describeLogDirs, type LogDirDescription } from './log-dirs.js';
import { retryQuotaViolations } from './quota-retry.js';
import {
  alterUserScramCredentials,
  describeUserScramCredentials,
  type UserScramCredentialAlteration,
  type UserScramCredentialsDescription,
} from './scram-credentials.js';

export interface AdminConfig extends CommonConfig {
  defaultApiTimeoutMs?: number;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Options of the calls a controller_mutation_rate quota limits (KIP-599). */
export interface MutationOptions extends CallOptions {
  /**
   * Java's `retryOnQuotaViolation` (default true): topics refused with THROTTLING_QUOTA_EXCEEDED
   * are sent again after the throttle time the broker returns, within the call's timeout.
   */
  retryOnQuotaViolation?: boolean;
}

export interface NewTopic {
  name: string;
  /** Default: the broker's num.partitions. */
  numPartitions?: number;
  /** Default: the broker's default.replication.factor. */
  replicationFactor?: number;
  /** Partition → broker ids; excludes numPartitions/replicationFactor. */
  replicaAssignment?: Record<number, number[]>;
  configs?: Record<string, string>;
}

export interface CreatedTopic {
  name: string;
  topicId: string;
  numPartitions: number;
  replicationFactor: number;
}

export interface TopicDescription {
  name: string;
  topicId: string;
  isInternal: boolean;
  partitions: Array<{ partition: number; leader: number; leaderEpoch: number; replicas: number[]; isr: number[] }>;
}

export interface ClusterDescription {
  clusterId: string | null;
  controllerId: number;
  brokers: Array<{ nodeId: number; host: string; port: number; rack: string | null }>;
}

export class Admin {
  readonly cluster: Cluster;
  private readonly defaultApiTimeoutMs: number;

  constructor(config: AdminConfig) {
    const common = resolveCommon(config, 'adminclient');
    this.defaultApiTimeoutMs = clientConfigNumber('default.api.timeout.ms', config.defaultApiTimeoutMs);
    this.cluster = new Cluster(common, clientLogger(config.logger, common.clientId), {
      maxInFlight: 100,
      allowAutoTopicCreation: false,
    });
  }

  private retry<T>(fn: () => Promise<T>, o: CallOptions): Promise<T> {
    const c = this.cluster.config;
    return withRetries(fn, {
      deadline: Date.now() + (o.timeoutMs ?? this.defaultApiTimeoutMs),
      retryBackoffMs: c.retryBackoffMs,
      retryBackoffMaxMs: c.retryBackoffMaxMs,
      signal: o.signal,
      onRetry: async (err) => {
        if (invalidatesMetadata(err) || (err instanceof KafkaError && err.code === 41)) {
          await this.cluster.refresh([], o.signal).catch(() => {});
        }
      },
    });
  }

  async createTopics(
    topics: NewTopic[],
    options: MutationOptions & { validateOnly?: boolean } = {},
  ): Promise<CreatedTopic[]> {
    const timeoutMs = options.timeoutMs ?? this.defaultApiTimeoutMs;
    const byName = new Map(topics.map((t) => [t.name, t]));
    const results = await retryQuotaViolations(
      topics.map((t) => t.name),
      async (names) => {
        const res = await this.retry(async () => {
          const conn = await this.cluster.controller(options.signal);
          return conn.request(
            ApiKey.CreateTopics,
            {
              topics: names.map((name) => {
                const t = byName.get(name) as NewTopic;
                return {
                  name: t.name,
                  numPartitions: t.replicaAssignment ? -1 : (t.numPartitions ?? -1),
                  replicationFactor: t.replicaAssignment ? -1 : (t.replicationFactor ?? -1),
                  assignments: Object.entries(t.replicaAssignment ?? {}).map(([p, brokerIds]) => ({
                    partitionIndex: Number(p),
                    brokerIds,
                  })),
                  configs: Object.entries(t.configs ?? {}).map(([n, value]) => ({ name: n, value })),
                };
              }),
              timeoutMs,
              validateOnly: options.validateOnly ?? false,
            },
            { signal: options.signal, timeoutMs: timeoutMs + this.cluster.config.requestTimeoutMs },
          );
        }, options);
        return { results: res.topics, throttleTimeMs: res.throttleTimeMs };
      },
      this.quotaRetry(options, timeoutMs),
    );
    for (const t of results)
      if (t.errorCode !== 0) throw new KafkaError(t.errorCode, `topic ${t.name}: ${t.errorMessage ?? 'create failed'}`);
    return results.map((t) => ({
      name: t.name,
      topicId: t.topicId,
      numPartitions: t.numPartitions,
      replicationFactor: t.replicationFactor,
    }));
  }

  async deleteTopics(names: string[], options: MutationOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? this.defaultApiTimeoutMs;
    const results = await retryQuotaViolations(
      names,
      async (pending) => {
        const res = await this.retry(async () => {
          const conn = await this.cluster.controller(options.signal);
          return conn.request(
            ApiKey.DeleteTopics,
            { topics: pending.map((name) => ({ name, topicId: ZERO_UUID })), topicNames: pending, timeoutMs },
            { signal: options.signal, timeoutMs: timeoutMs + this.cluster.config.requestTimeoutMs },
          );
        }, options);
        // Names are null only in by-id requests, which this client does not send.
        return {
          results: res.responses.map((r) => ({ ...r, name: r.name ?? '' })),
          throttleTimeMs: res.throttleTimeMs,
        };
      },
      this.quotaRetry(options, timeoutMs),
    );
    for (const t of results)
      if (t.errorCode !== 0) throw new KafkaError(t.errorCode, `topic ${t.name}: ${t.errorMessage ?? 'delete failed'}`);
  }

  /** The quota-violation retry of a call: on unless turned off, bounded by the call's timeout. */
  private quotaRetry(options: MutationOptions, timeoutMs: number) {
    return { retry: options.retryOnQuotaViolation ?? true, deadline: Date.now() + timeoutMs, signal: options.signal };
  }

  async listTopics(options: CallOptions & { listInternal?: boolean } = {}): Promise<string[]> {
    const m = await this.retry(() => this.cluster.refresh(null, options.signal), options);
    return [...m.topics.values()]
      .filter((t) => options.listInternal || !t.isInternal)
      .map((t) => t.name)
      .sort();
  }

  async describeTopics(names: string[], options: CallOptions = {}): Promise<TopicDescription[]> {
    const m = await this.retry(() => this.cluster.refresh(names, options.signal), options);
    return names.map((name) => {
      const t = m.topics.get(name);
      if (!t) throw new KafkaError(m.topicErrors.get(name) ?? 3, `topic ${name}: not found`);
      return {
        name,
        topicId: t.topicId,
        isInternal: t.isInternal,
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          replicas: p.replicas,
          isr: p.isr,
        })),
      };
    });
  }

  /** Raises topics' partition counts to the totals given. */
  async createPartitions(
    totals: Record<string, number>,
    options: MutationOptions & { validateOnly?: boolean } = {},
  ): Promise<void> {
    const timeoutMs = options.timeoutMs ?? this.defaultApiTimeoutMs;
    const results = await retryQuotaViolations(
      Object.keys(totals),
      async (names) => {
        const res = await this.retry(async () => {
          const conn = await this.cluster.controller(options.signal);
          return conn.request(
            ApiKey.CreatePartitions,
            {
              topics: names.map((name) => ({ name, count: totals[name] as number, assignments: null })),
              timeoutMs,
              validateOnly: options.validateOnly ?? false,
            },
            { signal: options.signal, timeoutMs: timeoutMs + this.cluster.config.requestTimeoutMs },
          );
        }, options);
        return { results: res.results, throttleTimeMs: res.throttleTimeMs };
      },
      this.quotaRetry(options, timeoutMs),
    );
    for (const t of results)
      if (t.errorCode !== 0)
        throw new KafkaError(t.errorCode, `topic ${t.name}: ${t.errorMessage ?? 'create partitions failed'}`);
    await this.cluster.refresh(Object.keys(totals)).catch(() => {});
  }

  describeConfigs(
    resources: ConfigResource[],
    options: CallOptions & { includeSynonyms?: boolean; includeDocumentation?: boolean } = {},
  ): Promise<ResourceConfigs[]> {
    return this.retry(() => describeConfigs(this.cluster, resources, options), options);
  }

  incrementalAlterConfigs(
    alterations: ConfigAlteration[],
    options: CallOptions & { validateOnly?: boolean } = {},
  ): Promise<void> {
    return this.retry(() => incrementalAlterConfigs(this.cluster, alterations, options), options);
  }

  /** Creates ACLs (Java's Admin.createAcls); throws the first binding's error. */
  createAcls(bindings: AclBinding[], options: CallOptions = {}): Promise<void> {
    return this.retry(() => createAcls(this.cluster, bindings, options.signal), options);
  }

  /** The ACLs the filter matches (Java's Admin.describeAcls). */
  describeAcls(filter: AclBindingFilter, options: CallOptions = {}): Promise<AclBinding[]> {
    return this.retry(() => describeAcls(this.cluster, filter, options.signal), options);
  }

  /** Deletes the ACLs each filter matches and returns them (Java's Admin.deleteAcls(...).all()). */
  deleteAcls(filters: AclBindingFilter[], options: CallOptions = {}): Promise<AclBinding[]> {
    return this.retry(() => deleteAcls(this.cluster, filters, options.signal), options);
  }

  /** Quotas of the entities the filter matches (users, client ids, IPs, and their defaults). */
  describeClientQuotas(filter: QuotaFilter, options: CallOptions = {}): Promise<EntityQuotas[]> {
    return this.retry(() => describeClientQuotas(this.cluster, filter, options.signal), options);
  }

  /** Sets or removes quotas (a null value removes one); throws the first entity's error. */
  alterClientQuotas(
    alterations: QuotaAlteration[],
    options: CallOptions & { validateOnly?: boolean } = {},
  ): Promise<void> {
    return this.retry(
      () => alterClientQuotas(this.cluster, alterations, options.validateOnly ?? false, options.signal),
      options,
    );
  }

  /** SCRAM credentials (mechanisms and iterations) of the given users, or of every user with one. */
  describeUserScramCredentials(
    users?: string[],
    options: CallOptions = {},
  ): Promise<UserScramCredentialsDescription[]> {
    return this.retry(() => describeUserScramCredentials(this.cluster, users, options.signal), options);
  }

  /** Creates, replaces or deletes SCRAM credentials; the password is salted and hashed here. */
  alterUserScramCredentials(alterations: UserScramCredentialAlteration[], options: CallOptions = {}): Promise<void> {
    return this.retry(() => alterUserScramCredentials(this.cluster, alterations, options.signal), options);
  }

  /** The log directories of the given brokers (all live ones when omitted) and the partitions in them. */
  async describeLogDirs(
    brokers: number[] | null = null,
    topics: string[] | null = null,
    options: CallOptions = {},
  ): Promise<LogDirDescription[]> {
    return this.retry(async () => {
      const ids = brokers ?? [...(await this.cluster.refresh([], options.signal)).brokers.keys()].sort((a, b) => a - b);
      return describeLogDirs(this.cluster, ids, topics, options.signal);
    }, options);
  }

  /** Preferred (or unclean) leader election for the given partitions, or all of them (null). */
  electLeaders(
    type: ElectionType,
    partitions: TopicPartition[] | null,
    options: CallOptions = {},
  ): Promise<PartitionOutcome[]> {
    const timeoutMs = options.timeoutMs ?? this.defaultApiTimeoutMs;
    return this.retry(() => electLeaders(this.cluster, type, partitions, timeoutMs, options.signal), options);
  }

  /** Starts (replicas) or cancels (null) partition reassignments; the controller completes them. */
  alterPartitionReassignments(
    changes: Array<TopicPartition & { replicas: number[] | null }>,
    options: CallOptions = {},
  ): Promise<PartitionOutcome[]> {
    const timeoutMs = options.timeoutMs ?? this.defaultApiTimeoutMs;
    return this.retry(() => alterPartitionReassignments(this.cluster, changes, timeoutMs, options.signal), options);
  }

  /** Reassignments in progress (of the given partitions, or all). */
  listPartitionReassignments(
    partitions: TopicPartition[] | null = null,
    options: CallOptions = {},
  ): Promise<PartitionReassignment[]> {
    const timeoutMs = options.timeoutMs ?? this.defaultApiTimeoutMs;
    return this.retry(() => listPartitionReassignments(this.cluster, partitions, timeoutMs, options.signal), options);
  }

  /** Deletes records before `offset` (-1n: the high watermark) in each partition; returns the new low watermarks. */
  async deleteRecords(
    requests: Array<{ topic: string; partition: number; offset: bigint }>,
    options: CallOptions = {},
  ): Promise<Array<{ topic: string; partition: number; lowWatermark: bigint }>> {
    const timeoutMs = options.timeoutMs ?? this.defaultApiTimeoutMs;
    return this.retry(async () => {
      await this.cluster.refresh([...new Set(requests.map((r) => r.topic))], options.signal);
      const byLeader = new Map<number, typeof requests>();
      for (const r of requests) {
        const leader = this.cluster.metadata.leaderOf(r.topic, r.partition);
        if (leader < 0)
          throw new KafkaError(
            this.cluster.metadata.topicErrors.get(r.topic) ?? 3,
            `${r.topic}-${r.partition}: no leader`,
          );
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), r]);
      }
      const out = new Map<string, bigint>();
      await Promise.all(
        [...byLeader].map(async ([leader, rs]) => {
          const topics = new Map<string, Array<{ partitionIndex: number; offset: bigint }>>();
          for (const r of rs)
            topics.set(r.topic, [...(topics.get(r.topic) ?? []), { partitionIndex: r.partition, offset: r.offset }]);
          const res = await this.cluster
            .connection(leader)
            .request(
              ApiKey.DeleteRecords,
              { topics: [...topics].map(([name, partitions]) => ({ name, partitions })), timeoutMs },
              { signal: options.signal, timeoutMs: timeoutMs + this.cluster.config.requestTimeoutMs },
            );
          for (const t of res.topics) {
            for (const p of t.partitions) {
              if (p.errorCode !== 0)
                throw new KafkaError(p.errorCode, `${t.name}-${p.partitionIndex}: delete records failed`);
              out.set(`${t.name}\0${p.partitionIndex}`, p.lowWatermark);
            }
          }
        }),
      );
      return requests.map((r) => ({
        topic: r.topic,
        partition: r.partition,
        lowWatermark: out.get(`${r.topic}\0${r.partition}`) ?? -1n,
      }));
    }, options);
  }

  listOffsets(
    queries: Array<{ topic: string; partition: number; spec: OffsetSpec }>,
    options: CallOptions & { isolationLevel?: IsolationLevelName } = {},
  ): Promise<OffsetAnswer[]> {
    const c = this.cluster.config;
    return listOffsets(this.cluster, queries, {
      isolationLevel: ISOLATION_LEVEL[options.isolationLevel ?? 'read_uncommitted'],
      deadline: Date.now() + (options.timeoutMs ?? this.defaultApiTimeoutMs),
      retryBackoffMs: c.retryBackoffMs,
      retryBackoffMaxMs: c.retryBackoffMaxMs,
      signal: options.signal,
    });
  }

  async describeCluster(options: CallOptions = {}): Promise<ClusterDescription> {
    return this.retry(async () => {
      const conn = await this.cluster.anyConnection(options.signal);
      const versions = await conn.apiVersions(options.signal);
      if (versions.supports(ApiKey.DescribeCluster)) {
        const r = await conn.request(
          ApiKey.DescribeCluster,
          { includeClusterAuthorizedOperations: false, endpointType: 1 },
          { signal: options.signal },
        );
        if (r.errorCode !== 0) throw new KafkaError(r.errorCode, r.errorMessage);
        return {
          clusterId: r.clusterId,
          controllerId: r.controllerId,
          brokers: r.brokers.map((b) => ({ nodeId: b.brokerId, host: b.host, port: b.port, rack: b.rack })),
        };
      }
      const m = await this.cluster.refresh([], options.signal);
      return {
        clusterId: m.clusterId,
        controllerId: m.controllerId,
        brokers: [...m.brokers.values()].map((b) => ({ ...b, rack: null })),
      };
    }, options);
  }

  // ---- consumer groups

  listGroups(options: CallOptions & { states?: string[] } = {}): Promise<GroupListing[]> {
    return this.retry(() => listGroups(this.cluster, options.states ?? [], options.signal), options);
  }

  describeGroups(groupIds: string[], options: CallOptions = {}): Promise<GroupDescription[]> {
    return Promise.all(
      groupIds.map((id) => this.retry(() => describeGroup(this.cluster, id, options.signal), options)),
    );
  }

  async deleteGroups(groupIds: string[], options: CallOptions = {}): Promise<void> {
    for (const id of groupIds) await this.retry(() => deleteGroup(this.cluster, id, options.signal), options);
  }

  /** A group's committed offsets (all partitions, or the ones given) with each partition's lag. */
  async listGroupOffsets(
    groupId: string,
    options: CallOptions & { partitions?: TopicPartition[] } = {},
  ): Promise<GroupOffset[]> {
    // A fresh GroupRequests per attempt: a retry after NOT_COORDINATOR looks the coordinator up again.
    const committed = await this.retry(
      () => new GroupRequests(this.cluster, groupId).fetchCommitted(options.partitions ?? null, options.signal),
      options,
    );
    const entries: Array<TopicPartition & { offset: bigint }> = [];
    for (const [k, offset] of committed) {
      if (offset === null) continue;
      const [topic, partition] = k.split('\0') as [string, string];
      entries.push({ topic, partition: Number(partition), offset });
    }
    entries.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
    const ends = await this.listOffsets(
      entries.map((e) => ({ topic: e.topic, partition: e.partition, spec: 'latest' as const })),
      options,
    );
    return entries.map((e, i) => {
      const end = ends[i]?.offset ?? -1n;
      return { ...e, logEndOffset: end, lag: end >= e.offset ? end - e.offset : 0n };
    });
  }

  /** Sets a group's committed offsets; the group must have no active members. */
  async alterGroupOffsets(
    groupId: string,
    offsets: Array<TopicPartition & { offset: bigint | number }>,
    options: CallOptions = {},
  ): Promise<void> {
    const entries = offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset) }));
    await this.retry(
      () =>
        new GroupRequests(this.cluster, groupId).commit(
          entries,
          { generationId: -1, memberId: '', groupInstanceId: null },
          options.signal,
        ),
      options,
    );
  }

  /** Moves a group's offsets for the given partitions to earliest, latest or a timestamp (kafka-consumer-groups --reset-offsets). */
  async resetGroupOffsets(
    groupId: string,
    partitions: TopicPartition[],
    spec: OffsetSpec,
    options: CallOptions = {},
  ): Promise<void> {
    const answers = await this.listOffsets(
      partitions.map((p) => ({ ...p, spec })),
      options,
    );
    const offsets: Array<TopicPartition & { offset: bigint }> = [];
    for (const [i, a] of answers.entries()) {
      let offset = a.offset;
      // A timestamp after every record: the end of the partition, as Kafka's tool does.
      if (offset < 0n)
        offset =
          (await this.listOffsets([{ ...(partitions[i] as TopicPartition), spec: 'latest' }], options))[0]?.offset ??
          0n;
      offsets.push({ topic: a.topic, partition: a.partition, offset });
    }
    await this.alterGroupOffsets(groupId, offsets, options);
  }

  deleteGroupOffsets(groupId: string, partitions: TopicPartition[], options: CallOptions = {}): Promise<void> {
    return this.retry(() => deleteGroupOffsets(this.cluster, groupId, partitions, options.signal), options);
  }

  async close(): Promise<void> {
    this.cluster.close();
  }
}
