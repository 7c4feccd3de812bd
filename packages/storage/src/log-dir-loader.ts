import { join } from 'node:path';
import type { Logger } from '@samsa/common';
import {
  CLEANER_OFFSET_CHECKPOINT,
  LOG_START_OFFSET_CHECKPOINT,
  RECOVERY_POINT_CHECKPOINT,
  readOffsetCheckpoint,
  tpKey,
} from './checkpoint/offset-checkpoint-file.js';
import type { FileSystem } from './fs/file-system.js';
import type { LogConfig } from './log-config.js';
import { CLEAN_SHUTDOWN_FILE, isDeleteDir, isReplicaMovementDir, parsePartitionDir } from './log-dir-names.js';
import { PartitionLog } from './partition-log.js';

export interface LogDirLoadContext {
  fs: FileSystem;
  configFor: (topic: string) => LogConfig;
  /** The log dir already holding this partition, if another dir loaded it first. */
  isLoaded: (key: string) => string | undefined;
  now: () => number;
  logger: Logger;
}

export interface LoadedLogDir {
  logs: PartitionLog[];
  cleanerOffsets: Map<string, number>;
}

/**
 * Startup of one log dir (Kafka's LogManager.loadLogs): reads its checkpoints and clean shutdown
 * marker, removes `-delete` directories left by partition deletions, and opens (recovering as
 * needed) every `<topic>-<partition>` directory. A directory that is not a partition, is a
 * duplicate, or fails to load is logged and skipped; the rest of the dir still loads. The marker is
 * removed once loading is done, so a crash from now on is seen as unclean.
 */
export function loadLogDir(logDir: string, ctx: LogDirLoadContext): LoadedLogDir {
  const { fs } = ctx;
  fs.mkdirSync(logDir, { recursive: true });
  const marker = join(logDir, CLEAN_SHUTDOWN_FILE);
  let hadCleanShutdown = fs.existsSync(marker);
  const read = (name: string) => {
    try {
      return readOffsetCheckpoint(fs, join(logDir, name));
    } catch (err) {
      ctx.logger.warn({ logDir, file: name, err }, 'ignoring an unreadable checkpoint');
      hadCleanShutdown = false;
      return new Map<string, number>();
    }
  };
  const recoveryPoints = read(RECOVERY_POINT_CHECKPOINT);
  const logStartOffsets = read(LOG_START_OFFSET_CHECKPOINT);
  const cleanerOffsets = read(CLEANER_OFFSET_CHECKPOINT);
  const logs: PartitionLog[] = [];
  const seen = new Set<string>();
  for (const name of fs.readdirSync(logDir)) {
    const path = join(logDir, name);
    if (!isDirectory(fs, path)) continue;
    if (isDeleteDir(name)) {
      fs.rmSync(path, { recursive: true, force: true });
      continue;
    }
    const tp = isReplicaMovementDir(name) ? null : parsePartitionDir(name);
    if (!tp) {
      ctx.logger.warn({ path }, 'skipping a directory that is not a partition directory');
      continue;
    }
    const key = tpKey(tp.topic, tp.partition);
    const other = ctx.isLoaded(key);
    if (other !== undefined || seen.has(key)) {
      ctx.logger.error(
        { path, partition: key, loadedFrom: other ?? logDir },
        'skipping a partition directory already loaded',
      );
      continue;
    }
    try {
      const log = PartitionLog.open(logDir, tp.topic, tp.partition, ctx.configFor(tp.topic), {
        recoveryPoint: recoveryPoints.get(key) ?? 0,
        logStartOffset: logStartOffsets.get(key) ?? 0,
        hadCleanShutdown,
        now: ctx.now,
        logger: ctx.logger,
        fs,
      });
      logs.push(log);
      seen.add(key);
      const { recoveredSegments, truncatedBytes } = log.loadStats;
      if (recoveredSegments > 0) {
        ctx.logger.info({ partition: key, segments: recoveredSegments, truncatedBytes }, 'recovered a partition log');
      }
    } catch (err) {
      ctx.logger.error({ path, err }, 'skipping a partition directory that cannot be loaded');
    }
  }
  fs.rmSync(marker, { force: true });
  return { logs, cleanerOffsets };
}

/** False for files, and for what cannot be stat'ed (a dangling symlink, say), which loading skips. */
function isDirectory(fs: FileSystem, path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}
