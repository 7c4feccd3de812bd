/**
 * A client of Confluent's Schema Registry API (Samsa's, Confluent's, Karapace's): registers and
 * looks up schemas and caches what never changes — the schema of an id, the id of a subject and
 * schema text — so a serializer asks the registry once per schema, not per record. The latest
 * version of a subject may change and is cached for `latestCacheTtlMs` only.
 */
import { RegistryClientError } from './errors.js';

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface RegistrySchema {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

export interface RegisteredSchema extends RegistrySchema {
  id: number;
  subject: string;
  version: number;
}

export interface SchemaRegistryClientOptions {
  /** The registry's base URL, e.g. http://localhost:8081. */
  url: string;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** How long getLatestVersion answers from its cache (default 60 s; 0: always ask). */
  latestCacheTtlMs?: number;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export class SchemaRegistryClient {
  private readonly base: string;
  private readonly byId = new Map<number, Promise<RegistrySchema>>();
  private readonly idBySubjectSchema = new Map<string, Promise<number>>();
  private readonly latest = new Map<string, { at: number; value: Promise<RegisteredSchema> }>();

  constructor(private readonly options: SchemaRegistryClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** Registers (or finds) `schema` under `subject`; answers its global id. */
  register(subject: string, schema: RegistrySchema, normalize = false): Promise<number> {
    return this.cached(this.idBySubjectSchema, `${subject}\0${JSON.stringify(schema)}`, async () => {
      const body = await this.call(
        'POST',
        `/subjects/${enc(subject)}/versions${normalize ? '?normalize=true' : ''}`,
        schema,
      );
      return (body as { id: number }).id;
    });
  }

  /** The schema registered under `subject` with exactly this text, with its version and id. */
  async lookup(subject: string, schema: RegistrySchema): Promise<RegisteredSchema> {
    return (await this.call('POST', `/subjects/${enc(subject)}`, schema)) as RegisteredSchema;
  }

  getSchemaById(id: number): Promise<RegistrySchema> {
    return this.cached(this.byId, id, async () => (await this.call('GET', `/schemas/ids/${id}`)) as RegistrySchema);
  }

  getLatestVersion(subject: string): Promise<RegisteredSchema> {
    const ttl = this.options.latestCacheTtlMs ?? 60_000;
    const hit = this.latest.get(subject);
    if (hit && Date.now() - hit.at < ttl) return hit.value;
    const value = this.call('GET', `/subjects/${enc(subject)}/versions/latest`) as Promise<RegisteredSchema>;
    this.latest.set(subject, { at: Date.now(), value });
    value.catch(() => this.latest.delete(subject));
    return value;
  }

  /** A promise cached under `key`; a failure is not cached, so the next call asks again. */
  private cached<K, V>(map: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
    let p = map.get(key);
    if (p === undefined) {
      p = load();
      map.set(key, p);
      p.catch(() => map.delete(key));
    }
    return p;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { accept: CONTENT_TYPE, ...(body === undefined ? {} : { 'content-type': CONTENT_TYPE }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const e = (parsed ?? {}) as { error_code?: number; message?: string };
      throw new RegistryClientError(
        res.status,
        e.error_code ?? res.status,
        e.message ?? `${method} ${path}: HTTP ${res.status}`,
      );
    }
    return parsed;
  }
}

const enc = encodeURIComponent;
