/**
 * Every znode kind Samsa uses, each with its path, encode and decode, in Kafka's layout and JSON
 * (Kafka's `ZkData.scala`), so a Kafka tool reading our ZooKeeper sees what it expects. Nobody
 * else builds a path or parses znode JSON. Decoders check the fields they rely on and throw
 * `ZNodeDecodeError` naming the path, never return half-parsed objects.
 */

export class ZNodeDecodeError extends Error {
  readonly code = 'ZNODE_DECODE';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`bad znode ${path}: ${reason}`);
    this.name = 'ZNodeDecodeError';
  }
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

function parse(path: string, data: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(data.toString('utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {}
  throw new ZNodeDecodeError(path, `not a JSON object: ${data.toString('utf8').slice(0, 100)}`);
}

function int(path: string, o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ZNodeDecodeError(path, `${key} is not an integer`);
  return v;
}

function intList(path: string, v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw new ZNodeDecodeError(path, `${what} not ints`);
  return v as number[];
}

function stringMap(path: string, v: unknown, what: string): Record<string, string> {
  if (typeof v !== 'object' || v === null) throw new ZNodeDecodeError(path, `${what} is not an object`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}

/** Persistent paths every broker creates at start-up (Kafka's `ZkData.PersistentZkPaths`, the ones we use). */
export const PERSISTENT_PATHS = [
  '/brokers/ids',
  '/brokers/topics',
  '/config/topics',
  '/config/brokers',
  '/config/changes',
  '/admin/delete_topics',
] as const;

/** /cluster/id: `{"version":"1","id":"<cluster id>"}`, created once with a conditional create. */
export const ClusterIdZNode = {
  path: '/cluster/id',
  encode: (id: string): Buffer => json({ version: '1', id }),
  decode(data: Buffer): string {
    const id = parse(this.path, data).id;
    if (typeof id !== 'string' || id === '') throw new ZNodeDecodeError(this.path, 'id missing');
    return id;
  },
};

export interface BrokerEndpoint {
  listener: string;
  host: string;
  port: number;
}

export interface BrokerInfo {
  id: number;
  endpoints: BrokerEndpoint[];
  /** listener name → security protocol */
  securityProtocolMap: Record<string, string>;
  rack: string | null;
  timestamp: bigint;
}

/** /brokers/ids — parent of the ephemeral registrations; its children are the live brokers. */
export const BrokerIdsZNode = { path: '/brokers/ids' };

/** /brokers/ids/<id>: ephemeral registration, Kafka's version 5 JSON. */
export const BrokerIdZNode = {
  path: (id: number): string => `/brokers/ids/${id}`,
  encode(info: BrokerInfo): Buffer {
    const first = info.endpoints[0];
    return json({
      features: {},
      listener_security_protocol_map: info.securityProtocolMap,
      endpoints: info.endpoints.map((e) => `${e.listener}://${e.host}:${e.port}`),
      rack: info.rack,
      jmx_port: -1,
      // The legacy host/port fields name the PLAINTEXT endpoint (or the first), as Kafka's do.
      host: first?.host ?? null,
      port: first?.port ?? -1,
      timestamp: String(info.timestamp),
      version: 5,
    });
  },
  decode(id: number, data: Buffer): BrokerInfo {
    const path = this.path(id);
    const o = parse(path, data);
    if (!Array.isArray(o.endpoints)) throw new ZNodeDecodeError(path, 'endpoints missing');
    const endpoints = o.endpoints.map((e): BrokerEndpoint => {
      const m = /^([A-Za-z0-9_-]+):\/\/\[?([^\]]*)\]?:(\d+)$/.exec(String(e));
      if (!m) throw new ZNodeDecodeError(path, `bad endpoint ${String(e)}`);
      return { listener: m[1] as string, host: m[2] as string, port: Number(m[3]) };
    });
    return {
      id,
      endpoints,
      securityProtocolMap: o.listener_security_protocol_map
        ? stringMap(path, o.listener_security_protocol_map, 'listener_security_protocol_map')
        : Object.fromEntries(endpoints.map((e) => [e.listener, e.listener])),
      rack: typeof o.rack === 'string' ? o.rack : null,
      timestamp: BigInt(typeof o.timestamp === 'string' || typeof o.timestamp === 'number' ? o.timestamp : 0),
    };
  },
};

/** /controller: ephemeral, owned by the active controller's session. */
export const ControllerZNode = {
  path: '/controller',
  encode: (brokerId: number, timestamp: bigint): Buffer =>
    json({ version: 2, brokerid: brokerId, timestamp: String(timestamp) }),
  decode(data: Buffer): { brokerId: number } {
    return { brokerId: int(this.path, parse(this.path, data), 'brokerid') };
  },
};

/** /controller_epoch: the epoch as a bare integer; bumped by each new controller with a version check. */
export const ControllerEpochZNode = {
  path: '/controller_epoch',
  encode: (epoch: number): Buffer => Buffer.from(String(epoch), 'utf8'),
  decode(data: Buffer): number {
    const s = data.toString('utf8').trim();
    if (!/^\d+$/.test(s)) throw new ZNodeDecodeError(this.path, `not an epoch: ${s.slice(0, 20)}`);
    return Number(s);
  },
};

export interface TopicAssignment {
  /** Kafka's base64url topic id, or null for topics created before ids existed. */
  topicId: string | null;
  /** partition → replica broker ids, preferred leader first */
  partitions: Map<number, number[]>;
  addingReplicas: Map<number, number[]>;
  removingReplicas: Map<number, number[]>;
}

const toObject = (m: Map<number, number[]>) => Object.fromEntries([...m].sort((a, b) => a[0] - b[0]));
function toMap(path: string, v: unknown, what: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (v === undefined || v === null) return out;
  if (typeof v !== 'object') throw new ZNodeDecodeError(path, `${what} is not an object`);
  for (const [k, r] of Object.entries(v)) out.set(Number(k), intList(path, r, `${what}.${k}`));
  return out;
}

/** /brokers/topics/<topic>: the replica assignment (Kafka's TopicZNode, version 3 with topic_id). */
export const TopicZNode = {
  path: (topic: string): string => `/brokers/topics/${topic}`,
  encode: (a: TopicAssignment): Buffer =>
    json({
      version: 3,
      ...(a.topicId !== null ? { topic_id: a.topicId } : {}),
      partitions: toObject(a.partitions),
      adding_replicas: toObject(a.addingReplicas),
      removing_replicas: toObject(a.removingReplicas),
    }),
  decode(topic: string, data: Buffer): TopicAssignment {
    const path = this.path(topic);
    const o = parse(path, data);
    if (o.partitions === undefined) throw new ZNodeDecodeError(path, 'partitions missing');
    return {
      topicId: typeof o.topic_id === 'string' ? o.topic_id : null,
      partitions: toMap(path, o.partitions, 'partitions'),
      addingReplicas: toMap(path, o.adding_replicas, 'adding_replicas'),
      removingReplicas: toMap(path, o.removing_replicas, 'removing_replicas'),
    };
  },
};

export interface LeaderAndIsr {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  controllerEpoch: number;
}

/** /brokers/topics/<topic>/partitions/<p>/state, written by the controller (and the leader on ISR change). */
export const PartitionStateZNode = {
  path: (topic: string, partition: number): string => `/brokers/topics/${topic}/partitions/${partition}/state`,
  encode: (s: LeaderAndIsr): Buffer =>
    json({
      controller_epoch: s.controllerEpoch,
      leader: s.leader,
      version: 1,
      leader_epoch: s.leaderEpoch,
      isr: s.isr,
    }),
  decode(topic: string, partition: number, data: Buffer): LeaderAndIsr {
    const path = this.path(topic, partition);
    const o = parse(path, data);
    return {
      leader: int(path, o, 'leader'),
      leaderEpoch: int(path, o, 'leader_epoch'),
      isr: intList(path, o.isr, 'isr'),
      controllerEpoch: int(path, o, 'controller_epoch'),
    };
  },
};

/** `{"version":1,"config":{...}}` — shared by topic and broker config znodes. */
function configNode(path: (name: string) => string) {
  return {
    path,
    encode: (config: Record<string, string>): Buffer => json({ version: 1, config }),
    decode(name: string, data: Buffer): Record<string, string> {
      const o = parse(path(name), data);
      return o.config === undefined ? {} : stringMap(path(name), o.config, 'config');
    },
  };
}

/** /config/topics/<topic>: the topic's overrides of broker defaults. */
export const TopicConfigZNode = configNode((topic) => `/config/topics/${topic}`);

/** /config/brokers/<id> or /config/brokers/<default>: dynamic broker configs. */
export const BrokerConfigZNode = {
  ...configNode((entity) => `/config/brokers/${entity}`),
  DEFAULT: '<default>',
};

/** /admin/delete_topics/<topic>: a pending deletion; empty data, as Kafka writes it. */
export const DeleteTopicZNode = {
  parent: '/admin/delete_topics',
  path: (topic: string): string => `/admin/delete_topics/${topic}`,
  encode: (): Buffer => Buffer.alloc(0),
};

export interface PartitionReassignment {
  topic: string;
  partition: number;
  replicas: number[];
}

/** /admin/reassign_partitions: Kafka's legacy reassignment request, `{"version":1,"partitions":[…]}`. */
export const ReassignPartitionsZNode = {
  path: '/admin/reassign_partitions',
  encode: (rs: PartitionReassignment[]): Buffer => json({ version: 1, partitions: rs }),
  decode(data: Buffer): PartitionReassignment[] {
    const o = parse(this.path, data);
    if (!Array.isArray(o.partitions)) throw new ZNodeDecodeError(this.path, 'partitions missing');
    return o.partitions.map((p: unknown) => {
      const r = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
      if (typeof r.topic !== 'string') throw new ZNodeDecodeError(this.path, 'topic missing');
      return {
        topic: r.topic,
        partition: int(this.path, r, 'partition'),
        replicas: intList(this.path, r.replicas, 'replicas'),
      };
    });
  },
};

export interface ProducerIdBlock {
  brokerId: number;
  /** First and last id (inclusive) of the block last handed to a broker. */
  blockStart: bigint;
  blockEnd: bigint;
}

/** /latest_producer_id_block: the last block any broker reserved, taken with a conditional write. */
export const ProducerIdBlockZNode = {
  path: '/latest_producer_id_block',
  encode: (b: ProducerIdBlock): Buffer =>
    json({ version: 1, broker: b.brokerId, block_start: String(b.blockStart), block_end: String(b.blockEnd) }),
  decode(data: Buffer): ProducerIdBlock {
    const o = parse(this.path, data);
    const big = (k: string): bigint => {
      const v = o[k];
      if ((typeof v !== 'string' && typeof v !== 'number') || !/^-?\d+$/.test(String(v)))
        throw new ZNodeDecodeError(this.path, `${k} is not an integer`);
      return BigInt(v);
    };
    return { brokerId: int(this.path, o, 'broker'), blockStart: big('block_start'), blockEnd: big('block_end') };
  },
};

/** A client-quota entity's znode (/config/users/…, /config/clients/…, /config/ips/…), by full path. */
export const QuotaConfigZNode = configNode((path) => path);
