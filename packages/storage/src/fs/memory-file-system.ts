import { posix } from 'node:path';
import type { FileStats, FileSystem, FsSpace, OpenFlags, RemoveOptions } from './file-system.js';

/*
 * An in-memory FileSystem for crash and fault tests (franz-go's kfake idea, applied to the disk).
 *
 * Model — what a Linux filesystem guarantees, and no more:
 * - A file has its current bytes (what reads see) and its durable bytes (a copy taken at its last
 *   fsync). Writes, truncations and writeFile change only the current bytes.
 * - A directory has its current entries (name → file or directory) and its durable entries (a copy
 *   taken at its last fsync). Creating, renaming and removing change only the current entries:
 *   they become durable when the directory that holds the name is fsynced, as on Linux (ext4 and
 *   xfs make no promise otherwise). A rename across directories needs both fsynced.
 * - `crash()` is a power loss: every directory's entries go back to its durable entries and every
 *   file's bytes to its durable bytes, recursively from the root (which always exists), and every
 *   open descriptor becomes invalid (EBADF). A file whose name never became durable is gone even
 *   if its data was fsynced; a file removed without a directory fsync comes back.
 * - `failNext('write' | 'fsync', n, pathPart)` makes the next n such operations (on a path that
 *   contains pathPart, if given) throw EIO (or the code given, ENOSPC say). A failed write changes nothing; a failed fsync makes
 *   nothing durable. Writes are writeSync, writeFileSync and appendFileSync; fsyncs are fsyncSync,
 *   fsync and fsyncPath. For a descriptor, the path is the one it was opened with.
 *
 * Paths must be absolute and use '/'. Async operations run after a setImmediate, as the thread
 * pool's would run later. statfs reports a disk of the constructor's capacity less what the files
 * hold (nothing enforces the capacity). Not a model of torn writes within one call, of page-cache
 * writeback order, or of permissions.
 */

interface FileNode {
  kind: 'file';
  data: Buffer;
  size: number;
  durable: Buffer;
  mtimeMs: number;
}

interface DirNode {
  kind: 'dir';
  entries: Map<string, Node>;
  durable: Map<string, Node>;
  mtimeMs: number;
}

type Node = FileNode | DirNode;

interface OpenFile {
  node: Node;
  path: string;
  readable: boolean;
  writable: boolean;
}

export type FaultKind = 'write' | 'fsync';

interface Fault {
  kind: FaultKind;
  remaining: number;
  pathPart: string | undefined;
  code: string;
}

export class FsError extends Error {
  constructor(
    readonly code: string,
    readonly syscall: string,
    readonly path: string,
  ) {
    super(`${code}: ${syscall} '${path}'`);
  }
}

function newFile(): FileNode {
  return { kind: 'file', data: Buffer.alloc(0), size: 0, durable: Buffer.alloc(0), mtimeMs: Date.now() };
}

function newDir(): DirNode {
  return { kind: 'dir', entries: new Map(), durable: new Map(), mtimeMs: Date.now() };
}

function usedBytes(node: Node): number {
  if (node.kind === 'file') return node.size;
  let n = 0;
  for (const child of node.entries.values()) n += usedBytes(child);
  return n;
}

function stats(node: Node): FileStats {
  const size = node.kind === 'file' ? node.size : 0;
  return { size, mtimeMs: node.mtimeMs, isDirectory: () => node.kind === 'dir' };
}

export class MemoryFileSystem implements FileSystem {
  private readonly root: DirNode = newDir();
  private readonly fds = new Map<number, OpenFile>();
  private nextFd = 3;
  private faults: Fault[] = [];
  /** Bumped by crash(), so that async work started before it does not act on the world after it. */
  private generation = 0;

  /**
   * `dirs` are created durable, as log dirs that exist before the broker starts. `capacityBytes`
   * is the size of the disk statfsSync reports (nothing enforces it).
   */
  constructor(
    dirs: readonly string[] = [],
    private readonly capacityBytes = 1024 * 1024 * 1024,
  ) {
    for (const d of dirs) {
      this.mkdirSync(d, { recursive: true });
      this.makeDurable(this.root);
    }
  }

  // ---- test controls ----

  /**
   * The next `count` writes or fsyncs (on paths containing `pathPart`, if given) fail with `code`:
   * EIO by default, ENOSPC for a full disk.
   */
  failNext(kind: FaultKind, count = 1, pathPart?: string, code = 'EIO'): void {
    this.faults.push({ kind, remaining: count, pathPart, code });
  }

  /** Power loss: only what was fsynced (data and directory entries) remains; descriptors die. */
  crash(): void {
    this.fds.clear();
    this.faults = [];
    this.generation++;
    this.revert(this.root);
  }

  private revert(dir: DirNode): void {
    dir.entries = new Map(dir.durable);
    for (const node of dir.entries.values()) {
      if (node.kind === 'dir') this.revert(node);
      else {
        node.data = Buffer.from(node.durable);
        node.size = node.durable.length;
      }
    }
  }

  private makeDurable(dir: DirNode): void {
    dir.durable = new Map(dir.entries);
    for (const node of dir.entries.values()) if (node.kind === 'dir') this.makeDurable(node);
  }

  private injectFault(kind: FaultKind, syscall: string, path: string): void {
    const fault = this.faults.find(
      (f) => f.kind === kind && f.remaining > 0 && (f.pathPart === undefined || path.includes(f.pathPart)),
    );
    if (!fault) return;
    fault.remaining--;
    throw new FsError(fault.code, syscall, path);
  }

  // ---- path resolution ----

  private parts(path: string): string[] {
    if (!path.startsWith('/')) throw new FsError('EINVAL', 'resolve', path);
    return posix.normalize(path).split('/').filter(Boolean);
  }

  private lookup(path: string, syscall: string): Node {
    let node: Node = this.root;
    for (const name of this.parts(path)) {
      if (node.kind !== 'dir') throw new FsError('ENOTDIR', syscall, path);
      const next = node.entries.get(name);
      if (!next) throw new FsError('ENOENT', syscall, path);
      node = next;
    }
    return node;
  }

  private tryLookup(path: string): Node | undefined {
    try {
      return this.lookup(path, 'lookup');
    } catch {
      return undefined;
    }
  }

  /** The directory holding `path` and the last name in it. */
  private parentOf(path: string, syscall: string): { dir: DirNode; name: string } {
    const parts = this.parts(path);
    const name = parts.pop();
    if (name === undefined) throw new FsError('EBUSY', syscall, path);
    const dir = this.lookup(`/${parts.join('/')}`, syscall);
    if (dir.kind !== 'dir') throw new FsError('ENOTDIR', syscall, path);
    return { dir, name };
  }

  private open(fd: number, syscall: string): OpenFile {
    const f = this.fds.get(fd);
    if (!f) throw new FsError('EBADF', syscall, `fd ${fd}`);
    return f;
  }

  private openFile(fd: number, syscall: string): OpenFile & { node: FileNode } {
    const f = this.open(fd, syscall);
    if (f.node.kind !== 'file') throw new FsError('EISDIR', syscall, f.path);
    return f as OpenFile & { node: FileNode };
  }

  // ---- file contents ----

  private static ensureCapacity(node: FileNode, size: number): void {
    if (size <= node.data.length) return;
    const next = Buffer.alloc(Math.max(size, node.data.length * 2, 4096));
    node.data.copy(next, 0, 0, node.size);
    node.data = next;
  }

  private static writeAt(node: FileNode, src: Buffer, position: number): void {
    MemoryFileSystem.ensureCapacity(node, position + src.length);
    if (position > node.size) node.data.fill(0, node.size, position);
    src.copy(node.data, position);
    node.size = Math.max(node.size, position + src.length);
    node.mtimeMs = Date.now();
  }

  private static truncate(node: FileNode, length: number): void {
    MemoryFileSystem.ensureCapacity(node, length);
    if (length > node.size) node.data.fill(0, node.size, length);
    node.size = length;
    node.mtimeMs = Date.now();
  }

  private static sync(node: Node): void {
    if (node.kind === 'file') node.durable = Buffer.from(node.data.subarray(0, node.size));
    else node.durable = new Map(node.entries);
  }

  // ---- FileSystem ----

  openSync(path: string, flags: OpenFlags): number {
    let node = this.tryLookup(path);
    const creates = flags !== 'r' && flags !== 'r+';
    if (!node) {
      if (!creates) throw new FsError('ENOENT', 'open', path);
      const { dir, name } = this.parentOf(path, 'open');
      node = newFile();
      dir.entries.set(name, node);
    }
    if (node.kind === 'dir' && flags !== 'r') throw new FsError('EISDIR', 'open', path);
    if (node.kind === 'file' && (flags === 'w' || flags === 'w+')) MemoryFileSystem.truncate(node, 0);
    const fd = this.nextFd++;
    this.fds.set(fd, { node, path, readable: flags !== 'w', writable: flags !== 'r' });
    return fd;
  }

  closeSync(fd: number): void {
    this.open(fd, 'close');
    this.fds.delete(fd);
  }

  readSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
    const f = this.openFile(fd, 'read');
    if (!f.readable) throw new FsError('EBADF', 'read', f.path);
    const end = Math.min(f.node.size, position + length);
    if (end <= position) return 0;
    return f.node.data.copy(buf, offset, position, end);
  }

  writeSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
    const f = this.openFile(fd, 'write');
    if (!f.writable) throw new FsError('EBADF', 'write', f.path);
    this.injectFault('write', 'write', f.path);
    MemoryFileSystem.writeAt(f.node, buf.subarray(offset, offset + length), position);
    return length;
  }

  fsyncSync(fd: number): void {
    const f = this.open(fd, 'fsync');
    this.injectFault('fsync', 'fsync', f.path);
    MemoryFileSystem.sync(f.node);
  }

  ftruncateSync(fd: number, length: number): void {
    const f = this.openFile(fd, 'ftruncate');
    if (!f.writable) throw new FsError('EINVAL', 'ftruncate', f.path);
    MemoryFileSystem.truncate(f.node, length);
  }

  fstatSync(fd: number): FileStats {
    return stats(this.open(fd, 'fstat').node);
  }

  statSync(path: string): FileStats {
    return stats(this.lookup(path, 'stat'));
  }

  existsSync(path: string): boolean {
    return this.tryLookup(path) !== undefined;
  }

  readdirSync(path: string): string[] {
    const node = this.lookup(path, 'scandir');
    if (node.kind !== 'dir') throw new FsError('ENOTDIR', 'scandir', path);
    return [...node.entries.keys()].sort();
  }

  mkdirSync(path: string, _options: { recursive: true }): string | undefined {
    let dir = this.root;
    let first: string | undefined;
    let at = '';
    for (const name of this.parts(path)) {
      at += `/${name}`;
      let next = dir.entries.get(name);
      if (!next) {
        next = newDir();
        dir.entries.set(name, next);
        first ??= at;
      }
      if (next.kind !== 'dir') throw new FsError('EEXIST', 'mkdir', path);
      dir = next;
    }
    return first;
  }

  renameSync(from: string, to: string): void {
    const src = this.parentOf(from, 'rename');
    const node = src.dir.entries.get(src.name);
    if (!node) throw new FsError('ENOENT', 'rename', from);
    const dst = this.parentOf(to, 'rename');
    const existing = dst.dir.entries.get(dst.name);
    if (existing?.kind === 'dir' && (node.kind !== 'dir' || existing.entries.size > 0)) {
      throw new FsError(node.kind === 'dir' ? 'ENOTEMPTY' : 'EISDIR', 'rename', to);
    }
    src.dir.entries.delete(src.name);
    dst.dir.entries.set(dst.name, node);
  }

  rmSync(path: string, options: RemoveOptions = {}): void {
    const node = this.tryLookup(path);
    if (!node) {
      if (options.force) return;
      throw new FsError('ENOENT', 'rm', path);
    }
    if (node.kind === 'dir' && !options.recursive) throw new FsError('ERR_FS_EISDIR', 'rm', path);
    const { dir, name } = this.parentOf(path, 'rm');
    dir.entries.delete(name);
  }

  readFileSync(path: string): Buffer {
    const node = this.lookup(path, 'open');
    if (node.kind !== 'file') throw new FsError('EISDIR', 'read', path);
    return Buffer.from(node.data.subarray(0, node.size));
  }

  writeFileSync(path: string, data: Buffer): void {
    const fd = this.openSync(path, 'w');
    try {
      this.writeSync(fd, data, 0, data.length, 0);
    } finally {
      this.closeSync(fd);
    }
  }

  appendFileSync(path: string, data: Buffer): void {
    const fd = this.openSync(path, 'rw-create');
    try {
      this.writeSync(fd, data, 0, data.length, this.fstatSync(fd).size);
    } finally {
      this.closeSync(fd);
    }
  }

  /** A disk of `capacityBytes` (constructor), less what the files hold now. */
  statfsSync(path: string): FsSpace {
    this.lookup(path, 'statfs');
    const used = usedBytes(this.root);
    const bsize = 4096;
    return {
      bsize,
      blocks: Math.floor(this.capacityBytes / bsize),
      bavail: Math.max(0, Math.floor((this.capacityBytes - used) / bsize)),
    };
  }

  async fsync(fd: number): Promise<void> {
    await this.later('fsync', `fd ${fd}`);
    this.fsyncSync(fd);
  }

  async fsyncPath(path: string): Promise<void> {
    await this.later('fsync', path);
    const fd = this.openSync(path, 'r');
    try {
      this.fsyncSync(fd);
    } finally {
      this.closeSync(fd);
    }
  }

  async rm(path: string, options?: RemoveOptions): Promise<void> {
    await this.later('rm', path);
    this.rmSync(path, options);
  }

  /** Waits a turn of the event loop, as the thread pool would; fails if the machine crashed meanwhile. */
  private async later(syscall: string, path: string): Promise<void> {
    const generation = this.generation;
    await new Promise((resolve) => setImmediate(resolve));
    if (generation !== this.generation) throw new FsError('EIO', syscall, path);
  }
}
