/**
 * Client quotas: the configured values (loaded from the metadata store, changed by
 * AlterClientQuotas) and the sensors that enforce producer_byte_rate on Produce,
 * consumer_byte_rate on Fetch (Kafka's ClientQuotaManager) and request_percentage on every
 * request (Kafka's ClientRequestQuotaManager; here the event loop's time on the request).
 *
 * Each (user, client-id) finds its quota per key in Kafka's order (quota-entity.ts `candidates`);
 * connections whose pair resolves to the same entity share one sensor, so a quota on a client id
 * bounds all of that client's connections together. Exceeding it yields a throttle time,
 * (rate - quota) / quota × measured span, which the handler puts in throttle_time_ms and applies by
 * muting the connection (KIP-219).
 *
 * controller_mutation_rate resolves the same way to a token bucket per entity (KIP-599, see
 * controller-mutation-quota.ts), which CreateTopics, CreatePartitions and DeleteTopics draw on.
 * An ip's connection_creation_rate is enforced at accept by network/connection-quotas.ts, which
 * reads it here.
 *
 * Owner: the Broker creates one; everything runs on the event loop, and `alter` changes the
 * in-memory view only after the store has made the change durable.
 */
import type { ClientQuotaRecord, MetadataStore, QuotaEntity } from '../metadata/metadata-store.js';
import { MutationQuota, TokenBucket } from './controller-mutation-quota.js';
import { CONTROLLER_MUTATION_RATE } from './quota-configs.js';
import { CLIENT_ID, candidates, entityKey, USER, userOf } from './quota-entity.js';
import { SampledRate } from './sampled-rate.js';

export interface QuotaWindow {
  /** quota.window.num */
  samples: number;
  /** quota.window.size.seconds, in ms */
  windowMs: number;
}

interface Resolved {
  limit: number;
  sensor: string;
}

/** Idle sensors are dropped after this long, as Kafka expires quota sensors. */
const SENSOR_EXPIRY_MS = 3_600_000;

export class ClientQuotaManager {
  /** entityKey → record. */
  private readonly entries = new Map<string, ClientQuotaRecord>();
  /** How many entities set each key: a key nobody sets costs one lookup on the hot path. */
  private readonly keyCounts = new Map<string, number>();
  /** `${key}\0${user}\0${clientId}` → the quota that applies, cleared on every change. */
  private readonly resolved = new Map<string, Resolved | null>();
  private readonly sensors = new Map<string, { rate: SampledRate; lastUsed: number }>();
  private readonly buckets = new Map<string, { bucket: TokenBucket; lastUsed: number }>();
  private lastSweep = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: MetadataStore,
    private readonly window: QuotaWindow,
    /** controller.quota.window.*: the mutation buckets' burst is rate × samples × window. */
    private readonly controllerWindow: QuotaWindow = { samples: 11, windowMs: 1000 },
  ) {
    for (const r of store.clientQuotas?.() ?? []) this.put(r.entity, r.quotas);
  }

  /** Replaces every entity with the store's (cluster mode: another broker changed quotas in ZooKeeper). */
  reload(): void {
    this.entries.clear();
    this.keyCounts.clear();
    this.resolved.clear();
    for (const r of this.store.clientQuotas?.() ?? []) this.put(r.entity, r.quotas);
  }

  /** Every configured entity with its quotas. */
  all(): ClientQuotaRecord[] {
    return [...this.entries.values()].map((r) => ({ entity: { ...r.entity }, quotas: { ...r.quotas } }));
  }

  /**
   * Every configured entity as DescribeClientQuotas reports it: read through to the shared store
   * where there is one (Kafka's ZooKeeper-mode brokers read ZooKeeper), so that a change made
   * through another broker is seen before the watch brings it here.
   */
  async describe(): Promise<ClientQuotaRecord[]> {
    return (await this.store.readClientQuotas?.()) ?? this.all();
  }

  quotasOf(entity: QuotaEntity): Record<string, number> {
    return { ...(this.entries.get(entityKey(entity))?.quotas ?? {}) };
  }

  /**
   * Changes an entity's quotas: `change` maps the current quotas to the new ones (an empty record
   * removes the entity). Alterations run one at a time, each reading the state the previous one
   * left, and the in-memory view changes only once the store has the change durably. The current
   * quotas are read through to a shared store (cluster mode), as Kafka's ZooKeeper-mode brokers
   * read ZooKeeper: a change another broker just made is kept, not overwritten from a stale copy.
   */
  alter(entity: QuotaEntity, change: (current: Record<string, number>) => Record<string, number>): Promise<void> {
    const run = async () => {
      const key = entityKey(entity);
      const stored = (await this.store.readClientQuotas?.())?.find((r) => entityKey(r.entity) === key);
      const current = this.store.readClientQuotas ? { ...(stored?.quotas ?? {}) } : this.quotasOf(entity);
      const next = change(current);
      await this.store.setClientQuotas?.(entity, next);
      this.put(entity, next);
    };
    const done = this.tail.then(run, run);
    this.tail = done.catch(() => {});
    return done;
  }

  private put(entity: QuotaEntity, quotas: Record<string, number>): void {
    const key = entityKey(entity);
    const old = this.entries.get(key);
    for (const k of Object.keys(old?.quotas ?? {})) this.keyCounts.set(k, (this.keyCounts.get(k) ?? 1) - 1);
    if (Object.keys(quotas).length === 0) this.entries.delete(key);
    else {
      this.entries.set(key, { entity: { ...entity }, quotas: { ...quotas } });
      for (const k of Object.keys(quotas)) this.keyCounts.set(k, (this.keyCounts.get(k) ?? 0) + 1);
    }
    this.resolved.clear();
  }

  /** Whether any entity sets `key`: when not, callers skip measuring the request. */
  enforces(key: string): boolean {
    return (this.keyCounts.get(key) ?? 0) > 0;
  }

  /**
   * Records `bytes` against the quota `key` for this principal and client id, and returns how long
   * the client must be throttled (0 when within quota or when no quota applies).
   */
  recordAndGetThrottleTimeMs(key: string, principal: string, clientId: string, bytes: number, now: number): number {
    if (!this.keyCounts.get(key)) return 0;
    const q = this.resolve(key, userOf(principal), clientId);
    if (q === null) return 0;
    let s = this.sensors.get(q.sensor);
    if (!s) {
      s = { rate: new SampledRate(this.window.samples, this.window.windowMs), lastUsed: now };
      this.sensors.set(q.sensor, s);
    }
    s.lastUsed = now;
    s.rate.record(bytes, now);
    this.sweep(now);
    const rate = s.rate.measure(now);
    if (rate <= q.limit) return 0;
    const maxMs = this.window.samples * this.window.windowMs;
    if (q.limit <= 0) return maxMs;
    return Math.min(Math.round(((rate - q.limit) / q.limit) * s.rate.spanMs(now)), maxMs);
  }

  /**
   * This request's controller mutation quota for the principal and client id, or null when no
   * controller_mutation_rate applies to them. `strict` for the request versions that know
   * THROTTLING_QUOTA_EXCEEDED.
   */
  mutationQuota(principal: string, clientId: string, strict: boolean, now: number): MutationQuota | null {
    if (!this.keyCounts.get(CONTROLLER_MUTATION_RATE)) return null;
    const q = this.resolve(CONTROLLER_MUTATION_RATE, userOf(principal), clientId);
    if (q === null) return null;
    let b = this.buckets.get(q.sensor);
    if (!b) {
      b = { bucket: new TokenBucket(), lastUsed: now };
      this.buckets.set(q.sensor, b);
    }
    b.lastUsed = now;
    this.sweep(now);
    const burst = q.limit * this.controllerWindow.samples * (this.controllerWindow.windowMs / 1000);
    return new MutationQuota(b.bucket, q.limit, burst, strict);
  }

  private resolve(key: string, user: string, clientId: string): Resolved | null {
    const cacheKey = `${key}\u0000${user}\u0000${clientId}`;
    const cached = this.resolved.get(cacheKey);
    if (cached !== undefined) return cached;
    let found: Resolved | null = null;
    for (const entity of candidates(user, clientId)) {
      const limit = this.entries.get(entityKey(entity))?.quotas[key];
      if (limit === undefined) continue;
      // Kafka's metric tags: the actual user and/or client id for each type the entity names.
      const userTag = USER in entity ? user : '';
      const clientTag = CLIENT_ID in entity ? clientId : '';
      found = { limit, sensor: `${key}\u0000${userTag}\u0000${clientTag}` };
      break;
    }
    if (this.resolved.size >= 10_000) this.resolved.clear();
    this.resolved.set(cacheKey, found);
    return found;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, s] of this.sensors) if (now - s.lastUsed > SENSOR_EXPIRY_MS) this.sensors.delete(k);
    for (const [k, b] of this.buckets) if (now - b.lastUsed > SENSOR_EXPIRY_MS) this.buckets.delete(k);
  }
}
