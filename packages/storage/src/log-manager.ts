import { join } from 'node:path';
import { type Logger, silentLogger } from '@samsa/common';
import {
  CLEANER_OFFSET_CHECKPOINT,
  LOG_START_OFFSET_CHECKPOINT,
  RECOVERY_POINT_CHECKPOINT,
  tpKey,
  writeOffsetCheckpoint,
} from './checkpoint/offset-checkpoint-file.js';
import { type CleanerOptions, LogCleaner } from './cleaner/log-cleaner.js';
import { StorageError } from './errors.js';
import { type FileSystem, nodeFileSystem } from './fs/file-system.js';
import { fsyncDir, writeFileAtomic } from './fs-util.js';
import type { LogConfig } from './log-config.js';
import { loadLogDir } from './log-dir-loader.js';
import { CLEAN_SHUTDOWN_FILE, deleteDirName, validatePartition, validateTopicName } from './log-dir-names.js';
import { describeLogDir, type LogDirInfo } from './log-dirs-info.js';
import { PartitionLog } from './partition-log.js';

export interface LogManagerOptions {
  /** Kafka's log.dirs. */
  logDirs: readonly string[];
  /** Broker-level defaults (see logConfigFromServerProperties). */
  defaultConfig: LogConfig;
  /** A topic's config with its overrides applied, when it has any. */
  topicConfigs?: (topic: string) => LogConfig | undefined;
  logger?: Logger;
  now?: () => number;
  cleaner?: CleanerOptions;
  /** Where the log dirs are; default node:fs (tests pass a MemoryFileSystem). */
  fs?: FileSystem;
}

export interface BackgroundTaskOptions {
  /** log.retention.check.interval.ms, default 300000. */
  retentionCheckIntervalMs?: number;
  /** How often flush.ms is checked (log.flush.scheduler.interval.ms), default 1000. */
  flushCheckIntervalMs?: number;
  /** log.flush.offset.checkpoint.interval.ms, default 60000. */
  checkpointIntervalMs?: number;
  /** log.cleaner.enable, default true. */
  cleanerEnabled?: boolean;
  /** producer.id.expiration.ms, default 86400000. */
  producerIdExpirationMs?: number;
  /** producer.id.expiration.check.interval.ms, default 600000. */
  producerIdExpirationCheckIntervalMs?: number;
}

interface Entry {
  log: PartitionLog;
  logDir: string;
}

/**
 * Kafka's LogManager: every partition log of this broker across its log dirs. Loads (and recovers)
 * them at startup, creates and deletes them, runs retention, time-based flushing, checkpointing and
 * the cleaner in the background, and on close leaves checkpoints plus a clean-shutdown marker so the
 * next start rescans nothing.
 *
 * Owner of the logs' lifecycle; the replica manager owns what is appended to them. Single-threaded:
 * timers run on the event loop between requests.
 */
export class LogManager {
  private readonly entries = new Map<string, Entry>();
  /** Log dirs taken offline after an I/O failure, with the reason (Kafka's offline log dirs). */
  private readonly offline = new Map<string, string>();
  private readonly topicOverrides = new Map<string, LogConfig>();
  private readonly cleanerOffsets = new Map<string, Map<string, number>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly fs: FileSystem;
  private closed = false;
  readonly cleaner: LogCleaner;

  private constructor(private readonly opts: LogManagerOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.now ?? Date.now;
    this.fs = opts.fs ?? nodeFileSystem;
    this.cleaner = new LogCleaner(
      {
        logs: () => this.logs(),
        checkpoints: {
          get: (log) => this.cleanerOffsets.get(this.logDirOf(log))?.get(tpKey(log.topic, log.partition)),
          set: (log, offset) => this.setCleanerOffset(log, offset),
        },
        now: this.clock,
        logger: this.logger,
      },
      opts.cleaner,
    );
  }

  /** Loads every partition of every log dir, recovering what an unclean shutdown left behind. */
  static open(opts: LogManagerOptions): LogManager {
    const manager = new LogManager(opts);
    for (const dir of opts.logDirs) manager.loadLogDir(dir);
    return manager;
  }

  private loadLogDir(logDir: string): void {
    const loaded = loadLogDir(logDir, {
      fs: this.fs,
      configFor: (topic) => this.configFor(topic),
      isLoaded: (key) => this.entries.get(key)?.logDir,
      now: this.clock,
      logger: this.logger,
    });
    this.cleanerOffsets.set(logDir, loaded.cleanerOffsets);
    for (const log of loaded.logs) this.entries.set(tpKey(log.topic, log.partition), { log, logDir });
  }

  private configFor(topic: string): LogConfig {
    return this.topicOverrides.get(topic) ?? this.opts.topicConfigs?.(topic) ?? this.opts.defaultConfig;
  }

  getLog(topic: string, partition: number): PartitionLog | undefined {
    return this.entries.get(tpKey(topic, partition))?.log;
  }

  /** The existing log, or a new one in the log dir holding the fewest partitions. */
  getOrCreateLog(topic: string, partition: number, config?: LogConfig): PartitionLog {
    this.ensureOpen();
    const existing = this.getLog(topic, partition);
    if (existing) return existing;
    validateTopicName(topic);
    validatePartition(partition);
    const online = this.opts.logDirs.filter((d) => !this.offline.has(d));
    if (online.length === 0) throw new StorageError('KAFKA_STORAGE_ERROR', 'every log dir is offline');
    const counts = new Map(online.map((d) => [d, 0]));
    for (const e of this.entries.values()) counts.set(e.logDir, (counts.get(e.logDir) ?? 0) + 1);
    const [logDir] = [...counts.entries()].sort((a, b) => a[1] - b[1])[0] as [string, number];
    const log = PartitionLog.open(logDir, topic, partition, config ?? this.configFor(topic), {
      now: this.clock,
      logger: this.logger,
      fs: this.fs,
    });
    this.entries.set(tpKey(topic, partition), { log, logDir });
    return log;
  }

  /**
   * Removes a partition as Kafka does: the log is closed, its directory renamed to
   * `<topic>-<partition>.<uuid>-delete` at once (so a restart never loads it), then removed in the
   * background. Resolves when the directory is gone; false if there was no such log.
   */
  deleteLog(topic: string, partition: number): Promise<boolean> {
    const key = tpKey(topic, partition);
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(false);
    this.entries.delete(key);
    this.cleaner.forget(entry.log);
    this.cleanerOffsets.get(entry.logDir)?.delete(key);
    entry.log.close();
    const target = join(entry.logDir, deleteDirName(topic, partition));
    this.fs.renameSync(entry.log.dir, target);
    fsyncDir(this.fs, entry.logDir);
    return this.fs.rm(target, { recursive: true, force: true }).then(
      () => true,
      (err) => {
        this.logger.warn({ path: target, err }, 'cannot remove a deleted log');
        return true;
      },
    );
  }

  /**
   * Takes a log dir offline after an I/O failure in it (a full disk, a failed device), as Kafka's
   * LogManager does on a LogDirFailureChannel event: its logs are closed without a flush and
   * forgotten, so every later append or read of them fails with KAFKA_STORAGE_ERROR and nothing
   * more is written there (no checkpoints, no clean-shutdown marker: the next start recovers it).
   * New partitions go to the other dirs. Returns the logs taken offline (none if it already was).
   */
  markLogDirOffline(logDir: string, cause: unknown): PartitionLog[] {
    if (this.offline.has(logDir) || !this.opts.logDirs.includes(logDir)) return [];
    const reason = cause instanceof Error ? cause.message : String(cause);
    this.offline.set(logDir, reason);
    const affected: PartitionLog[] = [];
    for (const [key, e] of this.entries) {
      if (e.logDir !== logDir) continue;
      this.entries.delete(key);
      this.cleaner.forget(e.log);
      affected.push(e.log);
      try {
        e.log.close();
      } catch {
        // the dir failed: closing what can be closed is all that is left to do
      }
    }
    this.cleanerOffsets.delete(logDir);
    this.logger.error(
      { logDir, reason, partitions: affected.length },
      'log dir is offline after an I/O failure; its partitions are unavailable until a restart',
    );
    return affected;
  }

  /** Log dirs taken offline since start-up. */
  offlineLogDirs(): string[] {
    return [...this.offline.keys()];
  }

  /** Applies a topic's new config to its logs (and to partitions created later). */
  updateConfig(topic: string, config: LogConfig): void {
    this.topicOverrides.set(topic, config);
    for (const e of this.entries.values()) if (e.log.topic === topic) e.log.updateConfig(config);
  }

  logs(): PartitionLog[] {
    return [...this.entries.values()].map((e) => e.log);
  }

  logDirOf(log: PartitionLog): string {
    const entry = this.entries.get(tpKey(log.topic, log.partition));
    if (!entry) throw new StorageError('KAFKA_STORAGE_ERROR', `${log.dir} is not managed here`);
    return entry.logDir;
  }

  /** DescribeLogDirs. */
  dirs(): LogDirInfo[] {
    return this.opts.logDirs.map((d) =>
      this.offline.has(d)
        ? { path: d, partitions: [], totalBytes: -1, usableBytes: -1, offline: true }
        : describeLogDir(
            this.fs,
            d,
            [...this.entries.values()].filter((e) => e.logDir === d).map((e) => e.log),
          ),
    );
  }

  /** Retention over every log (skipping the one being compacted right now). Returns segments deleted. */
  cleanupLogs(now: number = this.clock()): number {
    let deleted = 0;
    for (const log of this.logs()) {
      if (log === this.cleaner.cleaning) continue;
      try {
        deleted += log.deleteOldSegments(now);
      } catch (err) {
        this.logger.error({ dir: log.dir, err }, 'retention failed');
      }
    }
    return deleted;
  }

  /** producer.id.expiration.ms over every log. Returns the producers forgotten. */
  removeExpiredProducers(expirationMs: number, now: number = this.clock()): number {
    let removed = 0;
    for (const log of this.logs()) removed += log.removeExpiredProducers(expirationMs, now);
    return removed;
  }

  /** flush.ms for every log. */
  flushDirtyLogs(now: number = this.clock()): void {
    for (const log of this.logs()) {
      try {
        log.flushIfDue(now);
      } catch (err) {
        this.logger.error({ dir: log.dir, err }, 'flush failed');
        const entry = this.entries.get(tpKey(log.topic, log.partition));
        if (entry && isIoFailure(err)) this.markLogDirOffline(entry.logDir, err);
      }
    }
  }

  /** Writes recovery-point-offset-checkpoint and log-start-offset-checkpoint in every log dir. */
  checkpoint(): void {
    for (const logDir of this.opts.logDirs) {
      if (this.offline.has(logDir)) continue;
      const logs = [...this.entries.values()].filter((e) => e.logDir === logDir).map((e) => e.log);
      try {
        writeOffsetCheckpoint(
          this.fs,
          join(logDir, RECOVERY_POINT_CHECKPOINT),
          logs.map((l) => ({ topic: l.topic, partition: l.partition, offset: l.recoveryPoint })),
        );
        writeOffsetCheckpoint(
          this.fs,
          join(logDir, LOG_START_OFFSET_CHECKPOINT),
          logs.map((l) => ({ topic: l.topic, partition: l.partition, offset: l.logStartOffset })),
        );
      } catch (err) {
        this.logger.error({ logDir, err }, 'cannot write checkpoints');
      }
    }
  }

  private setCleanerOffset(log: PartitionLog, offset: number): void {
    const logDir = this.logDirOf(log);
    const offsets = this.cleanerOffsets.get(logDir) ?? new Map<string, number>();
    this.cleanerOffsets.set(logDir, offsets);
    offsets.set(tpKey(log.topic, log.partition), offset);
    const entries = [...this.entries.values()]
      .filter((e) => e.logDir === logDir && offsets.has(tpKey(e.log.topic, e.log.partition)))
      .map((e) => ({
        topic: e.log.topic,
        partition: e.log.partition,
        offset: offsets.get(tpKey(e.log.topic, e.log.partition)) as number,
      }));
    writeOffsetCheckpoint(this.fs, join(logDir, CLEANER_OFFSET_CHECKPOINT), entries);
  }

  /** Starts the periodic tasks; a second call does nothing. */
  startBackgroundTasks(o: BackgroundTaskOptions = {}): void {
    this.ensureOpen();
    if (this.timers.length > 0) return;
    const every = (ms: number, task: () => void) => {
      // Kafka's "never" is Long.MAX_VALUE; Node turns any delay above 2^31-1 ms into 1 ms.
      const t = setInterval(task, Math.min(Math.max(ms, 1), 2 ** 31 - 1));
      t.unref();
      this.timers.push(t);
    };
    every(o.retentionCheckIntervalMs ?? 300_000, () => this.cleanupLogs());
    every(o.flushCheckIntervalMs ?? 1000, () => this.flushDirtyLogs());
    every(o.checkpointIntervalMs ?? 60_000, () => this.checkpoint());
    const producerExpiry = o.producerIdExpirationMs ?? 86_400_000;
    every(o.producerIdExpirationCheckIntervalMs ?? 600_000, () => this.removeExpiredProducers(producerExpiry));
    if (o.cleanerEnabled ?? true) this.cleaner.start();
  }

  /**
   * Stops the background work, flushes and closes every log, writes the checkpoints and the clean
   * shutdown marker. After this a restart loads without rescanning; after a kill -9 instead, the
   * recovery point in the last checkpoint is older and the tail from there is rescanned.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.cleaner.stop();
    let clean = true;
    for (const log of this.logs()) {
      try {
        log.flush();
        log.close();
      } catch (err) {
        clean = false;
        this.logger.error({ dir: log.dir, err }, 'closing a log failed');
      }
    }
    this.checkpoint();
    if (!clean) return;
    for (const logDir of this.opts.logDirs) {
      if (this.offline.has(logDir)) continue;
      try {
        writeFileAtomic(this.fs, join(logDir, CLEAN_SHUTDOWN_FILE), '');
      } catch (err) {
        this.logger.error({ logDir, err }, 'cannot write the clean shutdown marker');
      }
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new StorageError('KAFKA_STORAGE_ERROR', 'the log manager is closed');
  }
}

/**
 * A failure of the disk under a log, as opposed to a refused request or a closed log: an errno
 * (ENOSPC, EIO, EROFS...) either raw, from a file operation outside the append's own try (a roll
 * creating the next segment), or as the cause of the KAFKA_STORAGE_ERROR the log wraps it in.
 */
export function isIoFailure(err: unknown): boolean {
  if (err instanceof StorageError) return err.code === 'KAFKA_STORAGE_ERROR' && isErrno(err.cause);
  return isErrno(err);
}

function isErrno(err: unknown): boolean {
  const e = err as { code?: unknown; syscall?: unknown } | undefined;
  return typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string';
}
