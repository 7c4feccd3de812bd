import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import {
  CompressionType,
  decodeRecordBatches,
  encodeRecordBatch,
  type RecordBatch,
  type RecordInput,
  validateBatch,
} from '@samsa/protocol';
import {
  type FileSystem,
  type LogConfig,
  MemoryFileSystem,
  nodeFileSystem,
  PartitionLog,
  type PartitionLogOptions,
  parseLogConfig,
} from '../src/index.js';

/** A fresh directory under the OS temp dir, removed when the test ends. */
export function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(join(tmpdir(), 'samsa-storage-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh directory on one of the file systems under test, and a log opener bound to it. */
export interface TestDir {
  fs: FileSystem;
  dir: string;
  /** openLog on this directory and file system. */
  open(cfg?: LogConfig, opts?: PartitionLogOptions): PartitionLog;
  /** Another fresh directory on the same file system (several log dirs of one broker). */
  another(): string;
}

/**
 * The file systems every storage scenario runs against (STYLE.md rule 10): the real one, and the
 * in-memory one that the crash and fault tests use, so that both keep the same behaviour.
 */
export const FILE_SYSTEMS: ReadonlyArray<{ name: string; fresh(t: TestContext): TestDir }> = [
  { name: 'node fs', fresh: (t) => testDir(nodeFileSystem, tempDir(t), () => tempDir(t)) },
  {
    name: 'memory fs',
    fresh: () => {
      const fs = new MemoryFileSystem(['/data/0']);
      let n = 0;
      return testDir(fs, '/data/0', () => {
        const dir = `/data/${++n}`;
        fs.mkdirSync(dir, { recursive: true });
        return dir;
      });
    },
  },
];

/**
 * A test run once per file system under test, named after it; `fresh()` gives a new directory on
 * that file system each time it is called.
 */
export function fsTest(name: string, body: (t: TestContext, fresh: () => TestDir) => void | Promise<void>): void {
  for (const f of FILE_SYSTEMS) test(`${name} (${f.name})`, (t) => body(t, () => f.fresh(t)));
}

function testDir(fs: FileSystem, dir: string, another: () => string): TestDir {
  return { fs, dir, open: (cfg = config(), opts = {}) => openLog(dir, cfg, { ...opts, fs }), another };
}

export function config(props: Record<string, string> = {}): LogConfig {
  return parseLogConfig(props);
}

export interface BatchSpec {
  records?: RecordInput[];
  /** Shorthand: this many records with values "v0".."vN" and no key. */
  count?: number;
  timestamp?: number;
  compression?: CompressionType;
}

/** A producer-style batch (baseOffset 0, CRC valid), as a produce request carries it. */
export function batch(spec: BatchSpec = {}): Buffer {
  const ts = spec.timestamp ?? 1_700_000_000_000;
  const records =
    spec.records ??
    Array.from({ length: spec.count ?? 1 }, (_, i) => ({ value: Buffer.from(`v${i}`), timestamp: ts + i }));
  return encodeRecordBatch({ records, compression: spec.compression ?? CompressionType.None });
}

export function keyed(pairs: Array<[string, string | null]>, timestamp = 1_700_000_000_000): Buffer {
  return encodeRecordBatch({
    records: pairs.map(([k, v], i) => ({
      key: Buffer.from(k),
      value: v === null ? null : Buffer.from(v),
      timestamp: timestamp + i,
    })),
  });
}

export function decode(records: Buffer): RecordBatch[] {
  return decodeRecordBatches(records);
}

/** Every record of the log from its start, as [offset, value-as-string|null]. */
export function readAll(log: PartitionLog, maxBytes = 1 << 20): Array<[number, string | null]> {
  const out: Array<[number, string | null]> = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { records } = log.read({ startOffset: offset, maxBytes, limit: log.logEndOffset, minOneBatch: true });
    if (records.length === 0) break;
    for (const b of decode(records)) {
      for (const r of b.records) {
        if (Number(r.offset) >= offset) out.push([Number(r.offset), r.value === null ? null : r.value.toString()]);
      }
      offset = Number(b.baseOffset) + b.lastOffsetDelta + 1;
    }
  }
  return out;
}

export function openLog(dir: string, cfg: LogConfig = config(), opts: PartitionLogOptions = {}): PartitionLog {
  return PartitionLog.open(dir, 'topic', 0, cfg, opts);
}

export const T0 = 1_700_000_000_000;

/** Every offset reads back a valid batch that holds it, and nothing past the end is served. */
export function assertReadsValid(log: PartitionLog): void {
  for (let offset = log.logStartOffset; offset < log.logEndOffset; offset++) {
    const { records } = log.read({
      startOffset: offset,
      maxBytes: 1 << 20,
      limit: log.logEndOffset,
      minOneBatch: true,
    });
    let pos = 0;
    while (pos < records.length) pos = validateBatch(records, pos);
    const [first] = decode(records);
    assert.ok(
      first && Number(first.baseOffset) <= offset && offset <= Number(first.baseOffset) + first.lastOffsetDelta,
    );
  }
}
