/**
 * A small promise-based ZooKeeper client over `node-zookeeper-client` (pure JS). It speaks paths
 * and bytes only; what lives at a path and how it is encoded is `znodes.ts`'s business.
 *
 * Lifecycle: `ZkClient.connect()` resolves once a session is established (creating the chroot
 * first if the connect string has one, as Kafka does). Watches are one-shot, as in ZooKeeper, and
 * are delivered as `watch` events so that the owner (the controller) can turn them into queued
 * events. When the session expires the client is dead: it emits `expired` once and every later
 * call fails with SESSION_EXPIRED; the owner creates a new client and re-registers.
 */
import { EventEmitter } from 'node:events';
import zookeeper from 'node-zookeeper-client';
import { openAcls, type ZkAcl, type ZkAclPolicy, type ZkDigestCredentials } from './zk-acls.js';

export type ZkErrorCode =
  | 'NO_NODE'
  | 'NODE_EXISTS'
  | 'BAD_VERSION'
  | 'NOT_EMPTY'
  | 'SESSION_EXPIRED'
  | 'CONNECTION_LOSS'
  | 'CONNECT_TIMEOUT'
  | 'CLOSED'
  | 'NO_AUTH'
  | 'AUTH_FAILED'
  | 'INVALID_ACL'
  | 'OTHER';

export class ZkError extends Error {
  constructor(
    readonly code: ZkErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ZkError';
  }
}

export type CreateMode = 'persistent' | 'ephemeral' | 'persistent_sequential' | 'ephemeral_sequential';

export interface ZkStat {
  version: number;
  cversion: number;
  numChildren: number;
  /** The zxid that created the node (Kafka uses the registration's czxid as the broker epoch). */
  czxid: bigint;
  /** Session id of the owner of an ephemeral node, 0n for a persistent one. */
  ephemeralOwner: bigint;
  /** When the node was created, in ms since the epoch (the server's clock). */
  ctime: number;
}

export type ZkWatchEvent = { type: 'created' | 'deleted' | 'dataChanged' | 'childrenChanged'; path: string };

/** One operation of a multi-op transaction; all succeed or none is applied. */
export type ZkOp =
  | { op: 'create'; path: string; data: Buffer; mode?: CreateMode }
  | { op: 'set'; path: string; data: Buffer; version: number }
  | { op: 'delete'; path: string; version: number }
  | { op: 'check'; path: string; version: number };

export interface ZkClientOptions {
  /** `host:port[,host:port…][/chroot]`, Kafka's zookeeper.connect. */
  connect: string;
  /** zookeeper.session.timeout.ms */
  sessionTimeoutMs: number;
  /** zookeeper.connection.timeout.ms: how long connect() waits for the first session. */
  connectTimeoutMs?: number;
  /** Presented with addAuthInfo('digest', …) on every connection of the session. */
  auth?: ZkDigestCredentials;
  /** The ACLs of every znode this session creates (zookeeper.set.acl); open when unset. */
  acls?: ZkAclPolicy;
}

type Events = {
  watch: [ZkWatchEvent];
  expired: [];
  disconnected: [];
  /** Connected again after `disconnected`, in the same session (watches are re-registered). */
  connected: [];
};

const MODES: Record<CreateMode, number> = {
  persistent: zookeeper.CreateMode.PERSISTENT,
  ephemeral: zookeeper.CreateMode.EPHEMERAL,
  persistent_sequential: zookeeper.CreateMode.PERSISTENT_SEQUENTIAL,
  ephemeral_sequential: zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
};

export class ZkClient extends EventEmitter<Events> {
  private closed = false;
  private expired = false;

  private readonly watchdog: NodeJS.Timeout;

  private constructor(
    private readonly raw: zookeeper.Client,
    handshakeTimeoutMs: number,
    private readonly aclPolicy: ZkAclPolicy,
  ) {
    super();
    raw.on('state', (s) => {
      if (s === zookeeper.State.EXPIRED) {
        if (this.expired || this.closed) return;
        this.expired = true;
        clearInterval(this.watchdog);
        this.emit('expired');
      } else if (s === zookeeper.State.DISCONNECTED && !this.closed) this.emit('disconnected');
      else if (s === zookeeper.State.SYNC_CONNECTED) this.emit('connected');
    });
    this.watchdog = setInterval(() => this.checkHandshake(), handshakeTimeoutMs).unref();
  }

  private stuckSocket: unknown = null;

  /**
   * node-zookeeper-client 1.1.3 waits forever for the server's answer to a reconnect once the TCP
   * connection is open; a ZooKeeper that is starting up can accept the socket and never answer,
   * leaving the client hung (seen on restarts of ZooKeeper). The Java client times the handshake
   * out; we do the same: a socket still handshaking at two consecutive ticks is destroyed, and
   * the library's close handler connects again.
   */
  private checkHandshake(): void {
    const cm = (this.raw as unknown as { connectionManager?: { state: number; socket?: { destroy(): void } } })
      .connectionManager;
    const CONNECTING = 1;
    if (!cm || cm.state !== CONNECTING || !cm.socket) {
      this.stuckSocket = null;
      return;
    }
    if (this.stuckSocket === cm.socket) {
      this.stuckSocket = null;
      cm.socket.destroy();
    } else this.stuckSocket = cm.socket;
  }

  static async connect(options: ZkClientOptions): Promise<ZkClient> {
    const slash = options.connect.indexOf('/');
    if (slash >= 0 && slash < options.connect.length - 1) {
      // node-zookeeper-client requires the chroot to exist; create it with a chroot-less session.
      const root = await ZkClient.connect({ ...options, connect: options.connect.slice(0, slash) });
      try {
        await root.mkdirp(options.connect.slice(slash));
      } finally {
        root.close();
      }
    }
    const raw = zookeeper.createClient(options.connect, {
      sessionTimeout: options.sessionTimeoutMs,
      spinDelay: 200,
      retries: 0,
    });
    // Queued before connect(): the library sends it after the handshake of every (re)connection.
    if (options.auth) raw.addAuthInfo('digest', Buffer.from(`${options.auth.user}:${options.auth.password}`, 'utf8'));
    const timeoutMs = options.connectTimeoutMs ?? 18_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        raw.close();
        reject(new ZkError('CONNECT_TIMEOUT', `no ZooKeeper session with ${options.connect} after ${timeoutMs} ms`));
      }, timeoutMs);
      raw.once('connected', () => {
        clearTimeout(timer);
        resolve();
      });
      raw.connect();
    });
    return new ZkClient(raw, Math.max(500, Math.floor(options.sessionTimeoutMs / 3)), options.acls ?? openAcls);
  }

  /** The session id (what `ephemeralOwner` holds for this session's nodes). */
  get sessionId(): bigint {
    return this.raw.getSessionId().readBigInt64BE(0);
  }

  get isExpired(): boolean {
    return this.expired;
  }

  /** Closes the session: the server deletes this session's ephemeral nodes at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watchdog);
    this.raw.close();
  }

  create(path: string, data: Buffer, mode: CreateMode = 'persistent'): Promise<string> {
    return this.call<string>(path, (cb) => this.raw.create(path, data, this.aclsOf(path), MODES[mode], cb));
  }

  /**
   * Creates `path` and any missing parents (persistent, empty), each with its own ACLs. Existing
   * nodes are fine and are not written: ZooKeeper checks CREATE on the parent before it finds the
   * node exists, so a blind create would fail where the session may only read.
   */
  async mkdirp(path: string): Promise<void> {
    let prefix = '';
    for (const part of path.split('/').filter((p) => p !== '')) {
      prefix += `/${part}`;
      if (await this.exists(prefix)) continue;
      try {
        await this.create(prefix, Buffer.alloc(0));
      } catch (err) {
        if (!(err instanceof ZkError && err.code === 'NODE_EXISTS')) throw err;
      }
    }
  }

  /** The node's ACLs (what zkCli's getAcl shows). */
  async getAcl(path: string): Promise<ZkAcl[]> {
    const acls = await this.call<zookeeper.ACL[]>(path, (cb) => this.raw.getACL(path, (e, acls) => cb(e, acls)));
    // The library's ACL keeps its bits in `permission` (its typings say `perms`).
    return acls.map((a) => ({
      scheme: a.id.scheme,
      id: a.id.id,
      perms: (a as unknown as { permission: number }).permission,
    }));
  }

  private aclsOf(path: string): zookeeper.ACL[] {
    return this.aclPolicy(path).map((a) => new zookeeper.ACL(a.perms, new zookeeper.Id(a.scheme, a.id)));
  }

  async get(path: string, options: { watch?: boolean } = {}): Promise<{ data: Buffer; stat: ZkStat }> {
    const watcher = options.watch ? this.watcher('data', path) : undefined;
    return new Promise((resolve, reject) => {
      const cb = (err: unknown, data: Buffer, stat: zookeeper.Stat) =>
        err ? reject(this.error(err, path)) : resolve({ data: data ?? Buffer.alloc(0), stat: toStat(stat) });
      if (this.guard(path, reject)) return;
      if (watcher) this.raw.getData(path, watcher, cb);
      else this.raw.getData(path, cb);
    });
  }

  /** Sets data if the node's version is `version` (-1: any version); returns the new stat. */
  async set(path: string, data: Buffer, version: number): Promise<ZkStat> {
    return toStat(await this.call<zookeeper.Stat>(path, (cb) => this.raw.setData(path, data, version, cb)));
  }

  delete(path: string, version = -1): Promise<void> {
    return this.call<void>(path, (cb) => this.raw.remove(path, version, (e) => cb(e, undefined)));
  }

  /** The node's stat, or null if it does not exist; with `watch`, fires on creation too. */
  async exists(path: string, options: { watch?: boolean } = {}): Promise<ZkStat | null> {
    const watcher = options.watch ? this.watcher('data', path) : undefined;
    const stat = await this.call<zookeeper.Stat | undefined>(path, (cb) =>
      watcher ? this.raw.exists(path, watcher, cb) : this.raw.exists(path, cb),
    );
    return stat ? toStat(stat) : null;
  }

  async children(path: string, options: { watch?: boolean } = {}): Promise<string[]> {
    const watcher = options.watch ? this.watcher('child', path) : undefined;
    const list = await this.call<string[]>(path, (cb) =>
      watcher ? this.raw.getChildren(path, watcher, cb) : this.raw.getChildren(path, cb),
    );
    return [...list].sort();
  }

  /** Applies all ops atomically. On failure the error is the first failing op's (e.g. BAD_VERSION). */
  multi(ops: readonly ZkOp[]): Promise<void> {
    const tx = this.raw.transaction();
    // node-zookeeper-client 1.1.3's Transaction turns version 0 into -1 (`version || -1`), which
    // would make a conditional op on a fresh node unconditional; we set the version it queued.
    const queued = (tx as unknown as { ops: Array<{ version?: number }> }).ops;
    for (const o of ops) {
      if (o.op === 'create') tx.create(o.path, o.data, this.aclsOf(o.path), MODES[o.mode ?? 'persistent']);
      else if (o.op === 'set') tx.setData(o.path, o.data, o.version);
      else if (o.op === 'delete') tx.remove(o.path, o.version);
      else tx.check(o.path, o.version);
      const last = queued[queued.length - 1];
      if (o.op !== 'create' && last) last.version = o.version;
    }
    return new Promise((resolve, reject) => {
      if (this.guard(ops[0]?.path ?? '/', reject)) return;
      tx.commit((err, results: Array<{ err?: number }> | undefined) => {
        if (!err) return resolve();
        // The library reports the rollback as the error; the cause is the first non-zero result.
        const i = results?.findIndex((r) => r.err !== undefined && r.err !== 0 && r.err !== -2) ?? -1;
        const cause = i >= 0 && results ? codeOf(results[i]?.err ?? 0) : codeOfError(err);
        reject(new ZkError(cause, `multi failed at op ${i} (${ops[i]?.op} ${ops[i]?.path}): ${cause}`, ops[i]?.path));
      });
    });
  }

  /** One listener per kind and path until it fires, so that re-reads reuse it. */
  private readonly watchers = new Map<string, (e: zookeeper.Event) => void>();

  /**
   * The one-shot watcher for `path`. Every call with `watch` must send the watch flag: a
   * notification already on its way (say the `created` of an `exists` watch) must not make a
   * following read go out unwatched, or the change after it would never be heard. The listener is
   * the same function until it fires because node-zookeeper-client keeps one copy of a function per
   * path, where fresh closures would pile up on paths re-read often and changed rarely.
   */
  private watcher(kind: 'data' | 'child', path: string): (e: zookeeper.Event) => void {
    const key = `${kind}:${path}`;
    let listener = this.watchers.get(key);
    if (!listener) {
      listener = (e) => {
        if (this.watchers.get(key) === listener) this.watchers.delete(key);
        const type = WATCH_TYPES[e.getType()];
        if (type && !this.closed) this.emit('watch', { type, path: e.getPath() });
      };
      this.watchers.set(key, listener);
    }
    return listener;
  }

  private guard(path: string, reject: (e: ZkError) => void): boolean {
    if (this.closed) reject(new ZkError('CLOSED', `client closed (${path})`, path));
    else if (this.expired) reject(new ZkError('SESSION_EXPIRED', `session expired (${path})`, path));
    else return false;
    return true;
  }

  private call<T>(path: string, start: (cb: (err: unknown, value: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.guard(path, reject)) return;
      start((err, value) => (err ? reject(this.error(err, path)) : resolve(value)));
    });
  }

  private error(err: unknown, path: string): ZkError {
    const code = codeOfError(err);
    return new ZkError(code, `${code} on ${path}: ${String(err)}`, path);
  }
}

const WATCH_TYPES: Record<number, ZkWatchEvent['type']> = {
  [zookeeper.Event.NODE_CREATED]: 'created',
  [zookeeper.Event.NODE_DELETED]: 'deleted',
  [zookeeper.Event.NODE_DATA_CHANGED]: 'dataChanged',
  [zookeeper.Event.NODE_CHILDREN_CHANGED]: 'childrenChanged',
};

function codeOfError(err: unknown): ZkErrorCode {
  if (err instanceof zookeeper.Exception) return codeOf(err.getCode());
  return 'OTHER';
}

function codeOf(code: number): ZkErrorCode {
  const E = zookeeper.Exception;
  if (code === E.NO_NODE) return 'NO_NODE';
  if (code === E.NODE_EXISTS) return 'NODE_EXISTS';
  if (code === E.BAD_VERSION) return 'BAD_VERSION';
  if (code === E.NOT_EMPTY) return 'NOT_EMPTY';
  if (code === E.SESSION_EXPIRED) return 'SESSION_EXPIRED';
  if (code === E.CONNECTION_LOSS) return 'CONNECTION_LOSS';
  if (code === E.NO_AUTH) return 'NO_AUTH';
  if (code === E.AUTH_FAILED) return 'AUTH_FAILED';
  if (code === E.INVALID_ACL) return 'INVALID_ACL';
  return 'OTHER';
}

function toStat(s: zookeeper.Stat): ZkStat {
  return {
    version: s.version,
    cversion: s.cversion,
    numChildren: s.numChildren,
    czxid: s.czxid.readBigInt64BE(0),
    ephemeralOwner: s.ephemeralOwner.readBigInt64BE(0),
    ctime: Number(s.ctime.readBigInt64BE(0)),
  };
}
