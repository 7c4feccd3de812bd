/**
 * Single-node metadata store: one JSON document in `<logDir>/samsa-metadata.json`,
 * rewritten atomically (temp file, fsync, rename) on every change. Changes are rare (admin
 * operations), so rewriting the whole document keeps recovery trivial: the file is either the old
 * or the new state. Also writes Kafka's `meta.properties` so the log dir is recognisable.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import type { ResourcePattern } from '../security/authorizer/acl-binding.js';
import type { AclPersistence, PatternAcls } from '../security/authorizer/acl-store.js';
import type {
  ClientQuotaRecord,
  MetadataStore,
  PartitionAssignment,
  QuotaEntity,
  TopicRecord,
} from './metadata-store.js';

interface Document {
  version: 1;
  clusterId: string;
  topics: TopicRecord[];
  brokerConfigs: Record<string, Record<string, string>>;
  /** Absent in files written before client quotas existed. */
  clientQuotas?: ClientQuotaRecord[];
  /** ACLs by resource pattern (absent in files written before authorization existed). */
  acls?: PatternAcls[];
  /** Absent in files written before SCRAM credentials existed. user → mechanism → stored text. */
  scramCredentials?: Record<string, Record<string, string>>;
}

/** Two entities are the same when they have the same types with the same names. */
function sameEntity(a: QuotaEntity, b: QuotaEntity): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && a[k] === b[k]);
}

export function newUuid(): string {
  return randomBytes(16).toString('base64url');
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * The metadata file cannot be read or parsed: start-up stops naming it rather than guessing (a
 * fresh document would forget every topic and mint a new cluster id).
 */
export class MetadataFileError extends Error {
  override readonly name = 'MetadataFileError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`Cannot read the metadata file ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/**
 * The log dir belongs to another broker: its meta.properties holds a different broker.id. Start-up
 * stops, as Kafka's does, rather than serve another broker's data under this id.
 */
export class InconsistentBrokerIdError extends Error {
  override readonly name = 'InconsistentBrokerIdError';
  readonly key = 'broker.id';
  constructor(
    readonly path: string,
    readonly configured: number,
    readonly stored: number,
  ) {
    super(
      `Configured broker.id ${configured} does not match the broker.id ${stored} stored in ${path}. ` +
        'Set broker.id to the stored one to serve this data, or point log.dirs at an empty directory for a new broker.',
    );
  }
}

function checkStoredBrokerId(meta: string, brokerId: number): void {
  let text: string;
  try {
    text = readFileSync(meta, 'utf8');
  } catch (err) {
    throw new MetadataFileError(meta, err);
  }
  const stored = /^broker\.id=(-?\d+)\s*$/m.exec(text)?.[1];
  if (stored !== undefined && Number(stored) !== brokerId) {
    throw new InconsistentBrokerIdError(meta, brokerId, Number(stored));
  }
}

export class FileMetadataStore implements MetadataStore, AclPersistence {
  private readonly path: string;
  private doc: Document;
  private readonly byName = new Map<string, TopicRecord>();

  private constructor(path: string, doc: Document) {
    this.path = path;
    this.doc = doc;
    for (const t of doc.topics) this.byName.set(t.name, t);
  }

  static open(logDir: string, brokerId: number): FileMetadataStore {
    mkdirSync(logDir, { recursive: true });
    // A file, not a directory: the log manager treats every directory as a partition.
    const path = join(logDir, 'samsa-metadata.json');
    const meta = join(logDir, 'meta.properties');
    if (existsSync(meta)) checkStoredBrokerId(meta, brokerId);
    let doc: Document;
    if (existsSync(path)) {
      try {
        doc = JSON.parse(readFileSync(path, 'utf8')) as Document;
      } catch (err) {
        throw new MetadataFileError(path, err);
      }
    } else {
      doc = { version: 1, clusterId: newUuid(), topics: [], brokerConfigs: {} };
      writeAtomically(path, JSON.stringify(doc, null, 1));
    }
    if (!existsSync(meta)) {
      writeAtomically(meta, `#Written by Samsa\nversion=0\nbroker.id=${brokerId}\ncluster.id=${doc.clusterId}\n`);
    }
    return new FileMetadataStore(path, doc);
  }

  get clusterId(): string {
    return this.doc.clusterId;
  }

  topics(): Iterable<TopicRecord> {
    return this.byName.values();
  }

  topic(name: string): TopicRecord | undefined {
    return this.byName.get(name);
  }

  private persist(): void {
    this.doc.topics = [...this.byName.values()];
    writeAtomically(this.path, JSON.stringify(this.doc, null, 1));
  }

  async createTopic(topic: TopicRecord): Promise<void> {
    this.byName.set(topic.name, topic);
    this.persist();
  }

  async deleteTopic(name: string): Promise<void> {
    this.byName.delete(name);
    this.persist();
  }

  async addPartitions(name: string, added: PartitionAssignment[]): Promise<void> {
    const t = this.byName.get(name);
    if (!t) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `no topic ${name}`);
    t.partitions.push(...added);
    this.persist();
  }

  async setTopicConfigs(name: string, configs: Record<string, string>): Promise<void> {
    const t = this.byName.get(name);
    if (!t) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `no topic ${name}`);
    t.configs = { ...configs };
    this.persist();
  }

  brokerConfigs(scope: string): Record<string, string> {
    return { ...(this.doc.brokerConfigs[scope] ?? {}) };
  }

  async setBrokerConfigs(scope: string, configs: Record<string, string>): Promise<void> {
    this.doc.brokerConfigs[scope] = { ...configs };
    this.persist();
  }

  clientQuotas(): ClientQuotaRecord[] {
    return (this.doc.clientQuotas ?? []).map((q) => ({ entity: { ...q.entity }, quotas: { ...q.quotas } }));
  }

  async setClientQuotas(entity: QuotaEntity, quotas: Record<string, number>): Promise<void> {
    const rest = (this.doc.clientQuotas ?? []).filter((q) => !sameEntity(q.entity, entity));
    if (Object.keys(quotas).length > 0) rest.push({ entity: { ...entity }, quotas: { ...quotas } });
    this.doc.clientQuotas = rest;
    this.persist();
  }

  aclPatterns(): PatternAcls[] {
    return (this.doc.acls ?? []).map((a) => ({ pattern: { ...a.pattern }, entries: a.entries.map((e) => ({ ...e })) }));
  }

  async setAclPatterns(changes: PatternAcls[]): Promise<void> {
    const key = (p: ResourcePattern) => `${p.resourceType}/${p.patternType}/${p.name}`;
    const all = new Map((this.doc.acls ?? []).map((a) => [key(a.pattern), a]));
    for (const c of changes) {
      if (c.entries.length === 0) all.delete(key(c.pattern));
      else all.set(key(c.pattern), { pattern: { ...c.pattern }, entries: c.entries.map((e) => ({ ...e })) });
    }
    this.doc.acls = [...all.values()];
    this.persist();
  }

  scramCredentials(): Record<string, Record<string, string>> {
    return Object.fromEntries(Object.entries(this.doc.scramCredentials ?? {}).map(([u, m]) => [u, { ...m }]));
  }

  async setScramCredential(user: string, mechanism: string, text: string | null): Promise<void> {
    const all = { ...(this.doc.scramCredentials ?? {}) };
    const mine = { ...(all[user] ?? {}) };
    if (text === null) delete mine[mechanism];
    else mine[mechanism] = text;
    if (Object.keys(mine).length > 0) all[user] = mine;
    else delete all[user];
    this.doc.scramCredentials = all;
    this.persist();
  }

  async close(): Promise<void> {}
}
