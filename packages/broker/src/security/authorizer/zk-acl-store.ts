/**
 * ACLs in ZooKeeper, in Kafka's layout (zk/acl-znodes.ts). A change is a conditional write of the
 * pattern's znode followed by a sequential change notification; every broker watches the two
 * change directories and re-reads the patterns named by notifications newer than the last it
 * applied, so a change made through any broker is enforced by all of them as soon as the watch
 * fires (well under a second). Watch events are handled one at a time on a promise chain.
 *
 * After a ZooKeeper session expiry the owner calls rebind() with the new client: watches are
 * gone, so everything is read again.
 */
import type { Logger } from '@samsa/common';
import { ACL_CHANGE_PREFIX, AclChangeZNode, AclResourceZNode, AclTypeZNode } from '../../zk/acl-znodes.js';
import { type ZkClient, ZkError, type ZkWatchEvent } from '../../zk/zk-client.js';
import { ZNodeDecodeError } from '../../zk/znodes.js';
import type { AccessControlEntry, ResourcePattern } from './acl-binding.js';
import type { AclStore, PatternAcls, PatternUpdate } from './acl-store.js';

const seqOf = (child: string): number => Number(child.slice(ACL_CHANGE_PREFIX.length));

/** Change notifications older than this are deleted once applied, as Kafka's brokers do (15 minutes). */
const NOTIFICATION_EXPIRY_MS = 15 * 60_000;

export class ZkAclStore implements AclStore {
  private listener: ((change: PatternAcls) => void) | null = null;
  private readonly lastSeq = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onWatch = (e: ZkWatchEvent) => {
    if ((AclChangeZNode.roots as readonly string[]).includes(e.path)) this.enqueue(() => this.readChanges(e.path));
  };

  constructor(
    private zk: ZkClient,
    private readonly logger: Logger,
    /** How old an applied change notification gets before it is deleted (tests shorten it). */
    private readonly notificationExpiryMs = NOTIFICATION_EXPIRY_MS,
  ) {}

  async load(): Promise<PatternAcls[]> {
    for (const root of AclChangeZNode.roots) await this.zk.mkdirp(root);
    const out: PatternAcls[] = [];
    for (const dir of AclTypeZNode.all()) {
      await this.zk.mkdirp(dir.path);
      for (const name of await this.zk.children(dir.path)) {
        const pattern = { resourceType: dir.resourceType, patternType: dir.patternType, name };
        const entries = await this.read(pattern);
        if (entries.length > 0) out.push({ pattern, entries });
      }
    }
    // Notifications that exist now are covered by the full read; watch for newer ones.
    for (const root of AclChangeZNode.roots) {
      const children = await this.zk.children(root, { watch: true });
      this.lastSeq.set(root, Math.max(-1, ...children.map(seqOf).filter(Number.isFinite)));
    }
    this.zk.off('watch', this.onWatch); // load() again (a reload) must not watch twice
    this.zk.on('watch', this.onWatch);
    return out;
  }

  onChange(listener: (change: PatternAcls) => void): void {
    this.listener = listener;
  }

  async rebind(zk: ZkClient): Promise<PatternAcls[]> {
    this.zk.off('watch', this.onWatch);
    this.zk = zk;
    return this.load();
  }

  private async read(pattern: ResourcePattern): Promise<AccessControlEntry[]> {
    try {
      const { data } = await this.zk.get(AclResourceZNode.path(pattern));
      return AclResourceZNode.decode(pattern, data);
    } catch (err) {
      if (err instanceof ZkError && err.code === 'NO_NODE') return [];
      throw err;
    }
  }

  async update(
    pattern: ResourcePattern,
    update: (current: AccessControlEntry[]) => AccessControlEntry[],
  ): Promise<AccessControlEntry[]> {
    const path = AclResourceZNode.path(pattern);
    for (;;) {
      let current: AccessControlEntry[] = [];
      let version = -1;
      try {
        const { data, stat } = await this.zk.get(path);
        current = AclResourceZNode.decode(pattern, data);
        version = stat.version;
      } catch (err) {
        if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      }
      const next = update(current);
      try {
        if (version < 0 && next.length > 0) await this.zk.create(path, AclResourceZNode.encode(next));
        else if (version >= 0 && next.length === 0) await this.zk.delete(path, version);
        else if (version >= 0) await this.zk.set(path, AclResourceZNode.encode(next), version);
      } catch (err) {
        // Another broker wrote the pattern between our read and write: read again.
        if (err instanceof ZkError && ['BAD_VERSION', 'NODE_EXISTS', 'NO_NODE'].includes(err.code)) continue;
        throw err;
      }
      await this.zk.create(AclChangeZNode.createPath(pattern), AclChangeZNode.encode(pattern), 'persistent_sequential');
      return next;
    }
  }

  /** One conditional write per pattern, as Kafka's ZooKeeper authorizer does. */
  async updateMany(changes: PatternUpdate[]): Promise<AccessControlEntry[][]> {
    const out: AccessControlEntry[][] = [];
    for (const c of changes) out.push(await this.update(c.pattern, c.update));
    return out;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (this.closed || this.zk.isExpired) return;
      try {
        await work();
      } catch (err) {
        this.logger.warn({ err }, 'reading ACL changes from ZooKeeper failed; retrying');
        setTimeout(() => {
          for (const root of AclChangeZNode.roots) this.enqueue(() => this.readChanges(root));
        }, 500).unref();
      }
    });
  }

  private async readChanges(root: string): Promise<void> {
    const children = (await this.zk.children(root, { watch: true }))
      .filter((c) => c.startsWith(ACL_CHANGE_PREFIX))
      .sort((a, b) => seqOf(a) - seqOf(b));
    const last = this.lastSeq.get(root) ?? -1;
    for (const child of children) {
      const seq = seqOf(child);
      if (!(seq > last)) continue;
      try {
        const { data } = await this.zk.get(`${root}/${child}`);
        const pattern = AclChangeZNode.decode(root, child, data);
        this.listener?.({ pattern, entries: await this.read(pattern) });
      } catch (err) {
        // A notification or znode we cannot read is skipped (logged), never retried forever.
        if (err instanceof ZNodeDecodeError) this.logger.warn({ err }, 'skipping an unreadable ACL change');
        else if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      }
      this.lastSeq.set(root, seq);
    }
    await this.purgeOld(root, children);
  }

  /** Deletes applied notifications older than 15 minutes (any broker may; a race only finds NO_NODE). */
  private async purgeOld(root: string, children: readonly string[]): Promise<void> {
    const now = Date.now();
    for (const child of children) {
      const path = `${root}/${child}`;
      const stat = await this.zk.exists(path);
      if (!stat) continue;
      // Children come oldest first: the first one too young to go ends the purge.
      if (now - stat.ctime < this.notificationExpiryMs) break;
      await this.zk.delete(path, stat.version).catch((err) => {
        if (!(err instanceof ZkError && (err.code === 'NO_NODE' || err.code === 'BAD_VERSION'))) throw err;
      });
    }
  }

  close(): void {
    this.closed = true;
    this.zk.off('watch', this.onWatch);
  }
}
