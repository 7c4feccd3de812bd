/**
 * Kafka Connect's group protocol, version 0 ("default", eager; Kafka's ConnectProtocol): the
 * metadata a worker joins with — its REST url and the config topic offset it has read — and the
 * assignment the leader hands each worker: error, leader id and url, config offset, and per
 * connector the task ids it runs (-1 standing for the connector itself). Encoded as Kafka's Struct
 * types: int16 version first, strings with an int16 length, arrays with an int32 count.
 */
export const CONNECT_PROTOCOL_TYPE = 'connect';
export const CONNECTOR_TASK = -1;

export interface WorkerMetadata {
  url: string;
  configOffset: bigint;
}

export interface ConnectAssignment {
  error: number;
  leader: string;
  leaderUrl: string;
  configOffset: bigint;
  /** connector → task ids (CONNECTOR_TASK for the connector instance). */
  assignment: Map<string, number[]>;
}

class Out {
  private parts: Buffer[] = [];
  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }
  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  int64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.parts.push(b);
    return this;
  }
  string(s: string): this {
    const bytes = Buffer.from(s, 'utf8');
    return this.int16(bytes.length).bytes(bytes);
  }
  bytes(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class In {
  private pos = 0;
  constructor(private readonly b: Buffer) {}
  int16(): number {
    const v = this.b.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    const v = this.b.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): bigint {
    const v = this.b.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  string(): string {
    const n = this.int16();
    const s = this.b.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

export function encodeMetadata(m: WorkerMetadata): Buffer {
  return new Out().int16(0).string(m.url).int64(m.configOffset).done();
}

export function decodeMetadata(b: Buffer): WorkerMetadata {
  const r = new In(b);
  r.int16(); // version: later versions only append fields
  return { url: r.string(), configOffset: r.int64() };
}

export function encodeAssignment(a: ConnectAssignment): Buffer {
  const out = new Out().int16(0).int16(a.error).string(a.leader).string(a.leaderUrl).int64(a.configOffset);
  out.int32(a.assignment.size);
  for (const [connector, tasks] of a.assignment) {
    out.string(connector).int32(tasks.length);
    for (const t of tasks) out.int32(t);
  }
  return out.done();
}

export function decodeAssignment(b: Buffer): ConnectAssignment {
  const r = new In(b);
  r.int16();
  const error = r.int16();
  const leader = r.string();
  const leaderUrl = r.string();
  const configOffset = r.int64();
  const assignment = new Map<string, number[]>();
  const n = r.int32();
  for (let i = 0; i < n; i++) {
    const connector = r.string();
    const count = r.int32();
    const tasks: number[] = [];
    for (let t = 0; t < count; t++) tasks.push(r.int32());
    assignment.set(connector, tasks);
  }
  return { error, leader, leaderUrl, configOffset, assignment };
}

/**
 * The leader's eager round-robin (Kafka's EagerAssignor): connectors, then tasks, dealt in order
 * to the members sorted by id. Pure.
 */
export function assignEagerly(
  memberIds: readonly string[],
  connectors: ReadonlyMap<string, number>,
): Map<string, Map<string, number[]>> {
  const members = [...memberIds].sort();
  const out = new Map(members.map((m) => [m, new Map<string, number[]>()]));
  let next = 0;
  const give = (connector: string, task: number): void => {
    const m = out.get(members[next % members.length] as string) as Map<string, number[]>;
    next++;
    m.set(connector, [...(m.get(connector) ?? []), task]);
  };
  const names = [...connectors.keys()].sort();
  for (const c of names) give(c, CONNECTOR_TASK);
  for (const c of names) for (let t = 0; t < (connectors.get(c) ?? 0); t++) give(c, t);
  return out;
}
