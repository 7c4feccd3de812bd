/**
 * DescribeConfigs and IncrementalAlterConfigs. Broker resources must go to that broker (its
 * dynamic configs live there); topic resources go to any broker.
 */
import { ApiKey, errorInfo, KafkaError } from '@samsa/protocol';
import type { Cluster } from '../metadata/cluster.js';
import type { Connection } from '../network/connection.js';

export type ResourceType = 'topic' | 'broker' | 'brokerLogger';
const RESOURCE_TYPE: Record<ResourceType, number> = { topic: 2, broker: 4, brokerLogger: 8 };
const RESOURCE_NAME: Record<number, ResourceType> = { 2: 'topic', 4: 'broker', 8: 'brokerLogger' };

export const CONFIG_SOURCES = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'CLIENT_METRICS_CONFIG',
  'GROUP_CONFIG',
] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

export interface ConfigResource {
  type: ResourceType;
  /** Topic name, or broker id as a string ('' for the cluster-wide broker default). */
  name: string;
  /** Only these keys (default: all). */
  keys?: string[];
}

export interface ConfigEntry {
  name: string;
  value: string | null;
  readOnly: boolean;
  isDefault: boolean;
  isSensitive: boolean;
  source: ConfigSource;
  synonyms: Array<{ name: string; value: string | null; source: ConfigSource }>;
}

export interface ResourceConfigs {
  type: ResourceType;
  name: string;
  configs: ConfigEntry[];
}

export type ConfigOp = 'set' | 'delete' | 'append' | 'subtract';
const OPS: Record<ConfigOp, number> = { set: 0, delete: 1, append: 2, subtract: 3 };

export interface ConfigAlteration {
  type: ResourceType;
  name: string;
  ops: Array<{ name: string; op: ConfigOp; value?: string | null }>;
}

function source(n: number): ConfigSource {
  return CONFIG_SOURCES[n] ?? 'UNKNOWN';
}

async function connectionFor(
  cluster: Cluster,
  type: ResourceType,
  name: string,
  signal?: AbortSignal,
): Promise<Connection> {
  if (type !== 'topic' && name !== '') {
    if (!cluster.pool.knows(Number(name))) await cluster.refresh([], signal);
    return cluster.connection(Number(name));
  }
  return cluster.anyConnection(signal);
}

function groupByConnection<T extends { type: ResourceType; name: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = item.type === 'topic' || item.name === '' ? 'any' : `broker:${item.name}`;
    out.set(key, [...(out.get(key) ?? []), item]);
  }
  return out;
}

export async function describeConfigs(
  cluster: Cluster,
  resources: ConfigResource[],
  options: { includeSynonyms?: boolean; includeDocumentation?: boolean; signal?: AbortSignal },
): Promise<ResourceConfigs[]> {
  const results = new Map<string, ResourceConfigs>();
  for (const group of groupByConnection(resources).values()) {
    const first = group[0] as ConfigResource;
    const conn = await connectionFor(cluster, first.type, first.name, options.signal);
    const res = await conn.request(
      ApiKey.DescribeConfigs,
      {
        resources: group.map((r) => ({
          resourceType: RESOURCE_TYPE[r.type],
          resourceName: r.name,
          configurationKeys: r.keys ?? null,
        })),
        includeSynonyms: options.includeSynonyms ?? false,
        includeDocumentation: options.includeDocumentation ?? false,
      },
      { signal: options.signal },
    );
    for (const r of res.results) {
      if (r.errorCode !== 0)
        throw new KafkaError(
          r.errorCode,
          `${RESOURCE_NAME[r.resourceType] ?? r.resourceType} ${r.resourceName}: ${describeError(r.errorCode, r.errorMessage)}`,
        );
      const type = RESOURCE_NAME[r.resourceType] ?? 'topic';
      results.set(`${type}\0${r.resourceName}`, {
        type,
        name: r.resourceName,
        configs: r.configs.map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: c.readOnly,
          isDefault: c.configSource === 5 || c.isDefault,
          isSensitive: c.isSensitive,
          source: source(c.configSource),
          synonyms: c.synonyms.map((s) => ({ name: s.name, value: s.value, source: source(s.source) })),
        })),
      });
    }
  }
  return resources.map((r) => results.get(`${r.type}\0${r.name}`) ?? { type: r.type, name: r.name, configs: [] });
}

export async function incrementalAlterConfigs(
  cluster: Cluster,
  alterations: ConfigAlteration[],
  options: { validateOnly?: boolean; signal?: AbortSignal },
): Promise<void> {
  for (const group of groupByConnection(alterations).values()) {
    const first = group[0] as ConfigAlteration;
    const conn = await connectionFor(cluster, first.type, first.name, options.signal);
    const res = await conn.request(
      ApiKey.IncrementalAlterConfigs,
      {
        resources: group.map((a) => ({
          resourceType: RESOURCE_TYPE[a.type],
          resourceName: a.name,
          configs: a.ops.map((o) => ({ name: o.name, configOperation: OPS[o.op], value: o.value ?? null })),
        })),
        validateOnly: options.validateOnly ?? false,
      },
      { signal: options.signal },
    );
    for (const r of res.responses) {
      if (r.errorCode !== 0)
        throw new KafkaError(
          r.errorCode,
          `${RESOURCE_NAME[r.resourceType] ?? r.resourceType} ${r.resourceName}: ${r.errorMessage ?? 'alter configs failed'}`,
        );
    }
  }
}

/** Kafka's brokers answer DescribeConfigs with "" as well as null for "no message": both fall back. */
function describeError(code: number, message: string | null): string {
  return message || errorInfo(code).message;
}
