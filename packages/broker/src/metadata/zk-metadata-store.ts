/**
 * The cluster's metadata in ZooKeeper, behind the same MetadataStore interface as the single-node
 * file: topics (/brokers/topics/<t>), their configs (/config/topics/<t>) and dynamic broker configs
 * (/config/brokers/<id|<default>>), in Kafka's layout.
 *
 * Reads are synchronous, so the store keeps a mirror of those znodes, refreshed by watches: every
 * broker sees a topic or config change made through any other broker. Watch events are applied one
 * at a time on a promise chain, so a slow read never lets an older value overwrite a newer one.
 *
 * Writes follow Kafka's admin path: creating a topic writes its config and assignment in one
 * multi-op (the controller reacts to the new /brokers/topics child); deleting one only records the
 * request under /admin/delete_topics — the controller stops the replicas and removes the znodes.
 * Client quotas live where Kafka keeps them — /config/users/<user>, /config/clients/<client-id>,
 * /config/users/<user>/clients/<client-id>, /config/ips/<ip>, `<default>` for a default entity,
 * names URL-encoded — so every broker enforces what was set through any of them. SCRAM credentials
 * share a user's znode, as in Kafka (`SCRAM-SHA-256` → `salt=...,stored_key=...,server_key=...,
 * iterations=...`): each writer reads the znode and keeps the other's keys, and the same watches
 * bring every broker the change (as for quotas, no /config/changes notification is written).
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { ensurePersistentPaths, getOrCreateClusterId } from '../controller/broker-registration.js';
import { type ZkClient, ZkError, type ZkWatchEvent } from '../zk/zk-client.js';
import { BrokerConfigZNode, DeleteTopicZNode, QuotaConfigZNode, TopicConfigZNode, TopicZNode } from '../zk/znodes.js';
import type {
  ClientQuotaRecord,
  MetadataStore,
  PartitionAssignment,
  QuotaEntity,
  TopicRecord,
} from './metadata-store.js';

const TOPICS = '/brokers/topics';
const TOPIC_CONFIGS = '/config/topics/';
const BROKER_CONFIGS = '/config/brokers/';

type Events = {
  /** Topics were added, removed or changed (assignment or configs) by any broker. */
  topicsChanged: [];
  brokerConfigsChanged: [];
  quotasChanged: [];
  /** A new ZooKeeper session replaced an expired one (its watches are gone): re-read what you watch. */
  sessionRenewed: [ZkClient];
};

const QUOTA_ROOTS = ['/config/users', '/config/clients', '/config/ips'] as const;
const DEFAULT_ENTITY = '<default>';

export class ZkMetadataStore extends EventEmitter<Events> implements MetadataStore {
  private readonly byName = new Map<string, TopicRecord>();
  private readonly brokerCfgs = new Map<string, Record<string, string>>();
  private quotas: ClientQuotaRecord[] = [];
  /** user → mechanism → Kafka's credential text, from the SCRAM-* keys of /config/users/<user>. */
  private scram = new Map<string, Record<string, string>>();
  private chain: Promise<void> = Promise.resolve();
  private zk: ZkClient;
  private closed = false;
  private readonly onWatch = (e: ZkWatchEvent) => this.enqueue(() => this.applyWatch(e));
  private readonly onReconnect = () => this.enqueue(() => this.reloadAll());

  private constructor(
    zk: ZkClient,
    readonly clusterId: string,
    private readonly brokerId: number,
    private readonly logger: Logger,
  ) {
    super();
    this.zk = zk;
  }

  static async open(zk: ZkClient, brokerId: number, logger: Logger): Promise<ZkMetadataStore> {
    await ensurePersistentPaths(zk);
    const clusterId = await getOrCreateClusterId(zk);
    const store = new ZkMetadataStore(zk, clusterId, brokerId, logger);
    store.attach(zk);
    await store.reloadAll();
    return store;
  }

  /** Moves to a new ZooKeeper session (after expiry): watches are gone, so everything is read again. */
  async rebind(zk: ZkClient): Promise<void> {
    this.detach();
    this.zk = zk;
    this.attach(zk);
    await this.enqueue(() => this.reloadAll());
    this.emit('sessionRenewed', zk);
  }

  private attach(zk: ZkClient): void {
    zk.on('watch', this.onWatch);
    zk.on('connected', this.onReconnect);
  }

  private detach(): void {
    this.zk.off('watch', this.onWatch);
    this.zk.off('connected', this.onReconnect);
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(async () => {
      if (this.closed || this.zk.isExpired) return;
      try {
        await work();
      } catch (err) {
        this.logger.warn({ err: String(err) }, 'reading cluster metadata from ZooKeeper failed; retrying');
        setTimeout(() => void this.enqueue(() => this.reloadAll()), 500).unref();
      }
    });
    this.chain = next;
    return next;
  }

  /** Resolves when every watch event received so far has been applied (for tests and admin waits). */
  settled(): Promise<void> {
    return this.chain;
  }

  private async applyWatch(e: ZkWatchEvent): Promise<void> {
    if (e.path === TOPICS) return this.reloadTopicList();
    if (e.path.startsWith(`${TOPICS}/`) && !e.path.includes('/partitions')) {
      const name = e.path.slice(TOPICS.length + 1);
      return this.reloadTopic(name);
    }
    if (e.path.startsWith(TOPIC_CONFIGS)) {
      const name = e.path.slice(TOPIC_CONFIGS.length);
      const t = this.byName.get(name);
      if (t) {
        t.configs = await this.readConfig(TopicConfigZNode.path(name), (d) => TopicConfigZNode.decode(name, d));
        this.emit('topicsChanged');
      }
      return;
    }
    if (e.path.startsWith(BROKER_CONFIGS)) {
      await this.reloadBrokerConfigs();
      this.emit('brokerConfigsChanged');
      return;
    }
    if (QUOTA_ROOTS.some((r) => e.path === r || e.path.startsWith(`${r}/`))) {
      await this.reloadQuotas();
      this.emit('quotasChanged');
    }
  }

  private async reloadAll(): Promise<void> {
    await this.reloadTopicList(true);
    await this.reloadBrokerConfigs();
    await this.reloadQuotas();
    this.emit('quotasChanged');
  }

  /** Reads every quota entity, watching each level so that any change anywhere fires a reload. */
  private async reloadQuotas(): Promise<void> {
    const { quotas, scram } = await this.readQuotaZNodes(true);
    this.quotas = quotas;
    this.scram = scram;
  }

  /**
   * The client quotas as ZooKeeper holds them now. Kafka's ZooKeeper-mode brokers answer
   * DescribeClientQuotas from ZooKeeper itself, so a change made through one broker is seen at
   * once through any other, before the watches bring it to their caches.
   */
  async readClientQuotas(): Promise<ClientQuotaRecord[]> {
    return (await this.readQuotaZNodes(false)).quotas;
  }

  private async readQuotaZNodes(
    watch: boolean,
  ): Promise<{ quotas: ClientQuotaRecord[]; scram: Map<string, Record<string, string>> }> {
    const out: ClientQuotaRecord[] = [];
    const name = (n: string) => (n === DEFAULT_ENTITY ? null : decodeURIComponent(n));
    const scram = new Map<string, Record<string, string>>();
    const read = async (path: string, entity: QuotaEntity) => {
      const cfg = await this.readConfig(path, (d) => QuotaConfigZNode.decode(path, d));
      const entries = Object.entries(cfg);
      const quotas = Object.fromEntries(entries.filter(([k]) => !isScramKey(k)).map(([k, v]) => [k, Number(v)]));
      if (Object.keys(quotas).length > 0) out.push({ entity, quotas });
      const credentials = Object.fromEntries(entries.filter(([k]) => isScramKey(k)));
      const user = entity.user;
      if (Object.keys(entity).length === 1 && typeof user === 'string' && Object.keys(credentials).length > 0)
        scram.set(user, credentials);
    };
    for (const root of QUOTA_ROOTS) {
      if (watch) await this.zk.mkdirp(root);
      else if (!(await this.zk.exists(root))) continue;
      const type = root === '/config/users' ? 'user' : root === '/config/clients' ? 'client-id' : 'ip';
      for (const n of await this.zk.children(root, { watch })) {
        await read(`${root}/${n}`, { [type]: name(n) });
        if (type !== 'user') continue;
        const clients = `${root}/${n}/clients`;
        if (!(await this.zk.exists(clients, { watch }))) continue;
        for (const c of await this.zk.children(clients, { watch }).catch(() => [] as string[])) {
          await read(`${clients}/${c}`, { user: name(n), 'client-id': name(c) });
        }
      }
    }
    return { quotas: out, scram };
  }

  scramCredentials(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.scram].map(([u, m]) => [u, { ...m }]));
  }

  async setScramCredential(user: string, mechanism: string, text: string | null): Promise<void> {
    const path = quotaPath({ user });
    // Versioned: brokers starting together bootstrap the same credential into the same znode.
    await this.updateConfig(path, (cfg) => {
      if (text === null) delete cfg[mechanism];
      else cfg[mechanism] = text;
      return cfg;
    });
    // The watch brings the change to every broker; this one answers its own Describe at once.
    const mine = { ...(this.scram.get(user) ?? {}) };
    if (text === null) delete mine[mechanism];
    else mine[mechanism] = text;
    if (Object.keys(mine).length > 0) this.scram.set(user, mine);
    else this.scram.delete(user);
  }

  clientQuotas(): ClientQuotaRecord[] {
    return this.quotas.map((r) => ({ entity: { ...r.entity }, quotas: { ...r.quotas } }));
  }

  async setClientQuotas(entity: QuotaEntity, quotas: Record<string, number>): Promise<void> {
    const path = quotaPath(entity);
    // A user's SCRAM credentials live in the same znode: keep them.
    const current = await this.readConfig(path, (d) => QuotaConfigZNode.decode(path, d));
    const kept = Object.fromEntries(Object.entries(current).filter(([k]) => isScramKey(k)));
    const data = QuotaConfigZNode.encode({
      ...kept,
      ...Object.fromEntries(Object.entries(quotas).map(([k, v]) => [k, String(v)])),
    });
    await this.writeConfig(path, data);
  }

  private async reloadTopicList(all = false): Promise<void> {
    const names = new Set(await this.zk.children(TOPICS, { watch: true }));
    let changed = false;
    for (const name of [...this.byName.keys()]) {
      if (!names.has(name)) {
        this.byName.delete(name);
        changed = true;
      }
    }
    for (const name of names) {
      if (all || !this.byName.has(name)) {
        await this.readTopic(name);
        changed = true;
      }
    }
    if (changed) this.emit('topicsChanged');
  }

  private async reloadTopic(name: string): Promise<void> {
    await this.readTopic(name);
    this.emit('topicsChanged');
  }

  private async readTopic(name: string): Promise<void> {
    let data: Buffer;
    try {
      data = (await this.zk.get(TopicZNode.path(name), { watch: true })).data;
    } catch (err) {
      if (err instanceof ZkError && err.code === 'NO_NODE') {
        this.byName.delete(name);
        return;
      }
      throw err;
    }
    const a = TopicZNode.decode(name, data);
    const configs = await this.readConfig(TopicConfigZNode.path(name), (d) => TopicConfigZNode.decode(name, d));
    const partitions = [...a.partitions]
      .sort((x, y) => x[0] - y[0])
      .map(([partition, replicas]) => ({
        partition,
        replicas,
      }));
    this.byName.set(name, { name, topicId: a.topicId ?? '', partitions, configs });
  }

  /**
   * A topic's config overrides as ZooKeeper holds them now. Kafka's ZooKeeper-mode brokers read
   * them from ZooKeeper for DescribeConfigs and IncrementalAlterConfigs, so a change made through
   * one broker is seen at once through any other, before the watches bring it to their caches.
   */
  async readTopicConfigs(name: string): Promise<Record<string, string>> {
    try {
      return TopicConfigZNode.decode(name, (await this.zk.get(TopicConfigZNode.path(name))).data);
    } catch (err) {
      if (err instanceof ZkError && err.code === 'NO_NODE') return {};
      throw err;
    }
  }

  /** Reads a config znode and watches it, including its creation when it does not exist yet. */
  private async readConfig(
    path: string,
    decode: (data: Buffer) => Record<string, string>,
  ): Promise<Record<string, string>> {
    try {
      return decode((await this.zk.get(path, { watch: true })).data);
    } catch (err) {
      if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      if (await this.zk.exists(path, { watch: true })) return this.readConfig(path, decode);
      return {};
    }
  }

  private async reloadBrokerConfigs(): Promise<void> {
    for (const entity of [BrokerConfigZNode.DEFAULT, String(this.brokerId)]) {
      const cfg = await this.readConfig(BrokerConfigZNode.path(entity), (d) => BrokerConfigZNode.decode(entity, d));
      this.brokerCfgs.set(entity, cfg);
    }
  }

  topics(): Iterable<TopicRecord> {
    return this.byName.values();
  }

  topic(name: string): TopicRecord | undefined {
    return this.byName.get(name);
  }

  /** Reads topics straight from ZooKeeper when the mirror has not seen them yet (LeaderAndIsr can beat the watch). */
  async ensureTopics(names: Iterable<string>): Promise<void> {
    const missing = [...names].filter((n) => !this.byName.has(n));
    if (missing.length === 0) return;
    await this.enqueue(async () => {
      for (const n of missing) if (!this.byName.has(n)) await this.readTopic(n);
    });
  }

  async createTopic(topic: TopicRecord): Promise<void> {
    const assignment = TopicZNode.encode({
      topicId: topic.topicId,
      partitions: new Map(topic.partitions.map((p) => [p.partition, p.replicas])),
      addingReplicas: new Map(),
      removingReplicas: new Map(),
    });
    const configPath = TopicConfigZNode.path(topic.name);
    try {
      // A config znode left by an interrupted deletion would make the multi fail; replace it.
      if (!(await this.zk.exists(TopicZNode.path(topic.name))) && (await this.zk.exists(configPath))) {
        await this.zk.delete(configPath);
      }
      await this.zk.multi([
        { op: 'create', path: configPath, data: TopicConfigZNode.encode(topic.configs) },
        { op: 'create', path: TopicZNode.path(topic.name), data: assignment },
      ]);
    } catch (err) {
      if (err instanceof ZkError && err.code === 'NODE_EXISTS') {
        throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic.name}' already exists.`);
      }
      throw err;
    }
    this.byName.set(topic.name, structuredClone(topic));
  }

  /** Records the deletion request; the controller deletes the replicas and then the znodes. */
  async deleteTopic(name: string): Promise<void> {
    try {
      await this.zk.create(DeleteTopicZNode.path(name), DeleteTopicZNode.encode());
    } catch (err) {
      if (!(err instanceof ZkError && err.code === 'NODE_EXISTS')) throw err;
    }
  }

  async addPartitions(name: string, added: PartitionAssignment[]): Promise<void> {
    const path = TopicZNode.path(name);
    const { data, stat } = await this.zk.get(path);
    const a = TopicZNode.decode(name, data);
    for (const p of added) {
      if (a.partitions.has(p.partition)) {
        throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `partition ${p.partition} of ${name} already exists`);
      }
      a.partitions.set(p.partition, p.replicas);
    }
    try {
      await this.zk.set(path, TopicZNode.encode(a), stat.version);
    } catch (err) {
      if (err instanceof ZkError && err.code === 'BAD_VERSION') {
        throw new KafkaError(ErrorCode.REASSIGNMENT_IN_PROGRESS, `topic ${name} changed concurrently; retry`);
      }
      throw err;
    }
    const t = this.byName.get(name);
    if (t) t.partitions = [...t.partitions, ...added].sort((x, y) => x.partition - y.partition);
  }

  async setTopicConfigs(name: string, configs: Record<string, string>): Promise<void> {
    await this.writeConfig(TopicConfigZNode.path(name), TopicConfigZNode.encode(configs));
    const t = this.byName.get(name);
    if (t) t.configs = { ...configs };
  }

  brokerConfigs(scope: string): Record<string, string> {
    return { ...(this.brokerCfgs.get(scope === '' ? BrokerConfigZNode.DEFAULT : scope) ?? {}) };
  }

  async setBrokerConfigs(scope: string, configs: Record<string, string>): Promise<void> {
    const entity = scope === '' ? BrokerConfigZNode.DEFAULT : scope;
    await this.writeConfig(BrokerConfigZNode.path(entity), BrokerConfigZNode.encode(configs));
    this.brokerCfgs.set(entity, { ...configs });
  }

  /**
   * Read-modify-write of a quota/user config znode with a version check, retried when another
   * broker wrote (or created) it in between, so that neither write is lost.
   */
  private async updateConfig(
    path: string,
    change: (cfg: Record<string, string>) => Record<string, string>,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let version: number | null = null;
      let cfg: Record<string, string> = {};
      try {
        const r = await this.zk.get(path, { watch: true });
        cfg = QuotaConfigZNode.decode(path, r.data);
        version = r.stat.version;
      } catch (err) {
        if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      }
      const data = QuotaConfigZNode.encode(change(cfg));
      try {
        if (version !== null) await this.zk.set(path, data, version);
        else {
          await this.zk.mkdirp(path.slice(0, path.lastIndexOf('/')));
          await this.zk.create(path, data);
        }
        return;
      } catch (err) {
        const lostRace = err instanceof ZkError && (err.code === 'BAD_VERSION' || err.code === 'NODE_EXISTS');
        if (!lostRace || attempt >= 20) throw err;
      }
    }
  }

  private async writeConfig(path: string, data: Buffer): Promise<void> {
    try {
      await this.zk.set(path, data, -1);
    } catch (err) {
      if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      await this.zk.mkdirp(path.slice(0, path.lastIndexOf('/')));
      await this.zk.create(path, data);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.detach();
    await this.chain;
  }
}

function isScramKey(key: string): boolean {
  return key === 'SCRAM-SHA-256' || key === 'SCRAM-SHA-512';
}

/** The znode of a quota entity, in Kafka's layout. */
export function quotaPath(entity: QuotaEntity): string {
  const seg = (v: string | null | undefined) =>
    v === null || v === undefined ? DEFAULT_ENTITY : encodeURIComponent(v);
  const has = (k: string) => Object.hasOwn(entity, k);
  if (has('ip')) return `/config/ips/${seg(entity.ip)}`;
  if (has('user') && has('client-id')) return `/config/users/${seg(entity.user)}/clients/${seg(entity['client-id'])}`;
  if (has('user')) return `/config/users/${seg(entity.user)}`;
  return `/config/clients/${seg(entity['client-id'])}`;
}
