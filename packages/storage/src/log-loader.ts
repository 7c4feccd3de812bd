import { join } from 'node:path';
import type { Logger } from '@samsa/common';
import type { LeaderEpochCache } from './epoch/leader-epoch-cache.js';
import type { FileSystem } from './fs/file-system.js';
import { fsyncDir } from './fs-util.js';
import { LogSegments } from './log-segments.js';
import { LogSegment, type SegmentOptions } from './segment/log-segment.js';
import {
  CLEANED_SUFFIX,
  DELETED_SUFFIX,
  INDEX_SUFFIX,
  LOG_SUFFIX,
  offsetFromFileName,
  SWAP_SUFFIX,
  segmentPaths,
  TIME_INDEX_SUFFIX,
  TXN_INDEX_SUFFIX,
} from './segment/segment-files.js';
import { recoverSegment } from './segment/segment-recovery.js';

export interface LoadParams {
  fs: FileSystem;
  dir: string;
  /** Offset up to which the log was known flushed (recovery-point-offset-checkpoint); 0 if unknown. */
  recoveryPoint: number;
  /** From log-start-offset-checkpoint; 0 if unknown. */
  logStartOffset: number;
  /** The log dir had a clean shutdown marker: nothing needs rescanning. */
  hadCleanShutdown: boolean;
  now: number;
  segmentOptions: () => SegmentOptions;
  epochCache: LeaderEpochCache;
  logger: Logger;
}

export interface LoadedLog {
  segments: LogSegments;
  logStartOffset: number;
  logEndOffset: number;
  recoveryPoint: number;
  /** Segments scanned batch by batch (recovery or index rebuild). */
  recoveredSegments: number;
  /** Bytes of torn or invalid data cut from the log. */
  truncatedBytes: number;
}

/**
 * Kafka's LogLoader: turns a partition directory back into segments after a restart. In order:
 * drop leftovers of interrupted operations (.deleted, .cleaned, .tmp files), finish interrupted
 * cleaner swaps (.swap files replace the segments they cover), open every segment, then recover
 * — after an unclean shutdown, every segment from the one holding the recovery point on is scanned
 * and cut at the first invalid batch, and segments after a cut are deleted; segments whose indexes are
 * missing or inconsistent are rebuilt wherever they are.
 */
export function loadLog(p: LoadParams): LoadedLog {
  const { fs } = p;
  fs.mkdirSync(p.dir, { recursive: true });
  const swaps = removeLeftovers(fs, p.dir);
  for (const base of swaps) completeSwap(p, base);

  const segments = new LogSegments();
  const needsRebuild = new Set<LogSegment>();
  for (const name of fs.readdirSync(p.dir)) {
    const base = offsetFromFileName(name);
    if (base === null || !name.endsWith(LOG_SUFFIX)) continue;
    const { segment, indexesValid } = LogSegment.open(fs, p.dir, base, p.segmentOptions(), p.now);
    segments.add(segment);
    if (!indexesValid) needsRebuild.add(segment);
  }
  if (segments.isEmpty) segments.add(LogSegment.create(fs, p.dir, p.logStartOffset, p.segmentOptions(), p.now));

  let truncatedBytes = 0;
  const recovered = new Set<LogSegment>();
  const toScan = p.hadCleanShutdown ? [] : segments.from(p.recoveryPoint);
  for (const segment of toScan) {
    const result = recoverSegment(segment, p.epochCache);
    recovered.add(segment);
    if (result.truncatedBytes > 0) {
      truncatedBytes += result.truncatedBytes;
      p.logger.warn(
        { path: segment.logPath, bytes: result.truncatedBytes },
        'truncated invalid bytes at the end of a segment',
      );
      for (const later of segments.all().filter((s) => s.baseOffset > segment.baseOffset)) {
        p.logger.warn({ path: later.logPath }, 'deleting a segment that follows invalid data');
        segments.remove(later);
        later.deleteFiles();
      }
      break;
    }
  }
  for (const segment of needsRebuild) {
    if (recovered.has(segment) || !segments.get(segment.baseOffset)) continue;
    p.logger.info({ path: segment.logPath }, 'rebuilding the indexes of a segment');
    truncatedBytes += recoverSegment(segment).truncatedBytes;
    recovered.add(segment);
  }

  let logEndOffset = segments.active.readNextOffset();
  const firstBase = (segments.first() as LogSegment).baseOffset;
  let logStartOffset = Math.max(p.logStartOffset, firstBase);
  if (logEndOffset < p.logStartOffset) {
    // Everything we have lies below the checkpointed log start (e.g. the tail was lost): start over there.
    for (const s of segments.clear()) s.deleteFiles();
    segments.add(LogSegment.create(fs, p.dir, p.logStartOffset, p.segmentOptions(), p.now));
    logStartOffset = logEndOffset = p.logStartOffset;
  }
  p.epochCache.truncateFromEnd(logEndOffset);
  p.epochCache.truncateFromStart(logStartOffset);

  // What recovery validated is made durable, so the recovery point can move to the end.
  for (const s of recovered) if (segments.get(s.baseOffset) === s) s.flush();
  if (recovered.size > 0) fsyncDir(fs, p.dir);
  return {
    segments,
    logStartOffset,
    logEndOffset,
    recoveryPoint: logEndOffset,
    recoveredSegments: recovered.size,
    truncatedBytes,
  };
}

/** Deletes files of interrupted deletions and cleanings; returns base offsets of pending swaps. */
function removeLeftovers(fs: FileSystem, dir: string): number[] {
  const swaps: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    const path = join(dir, name);
    if (name.endsWith(DELETED_SUFFIX) || name.endsWith(CLEANED_SUFFIX) || name.endsWith('.tmp')) {
      fs.rmSync(path, { force: true });
    } else if (name.endsWith(SWAP_SUFFIX)) {
      const base = offsetFromFileName(name);
      if (base !== null && name.endsWith(`${LOG_SUFFIX}${SWAP_SUFFIX}`)) swaps.push(base);
      else if (
        !name.endsWith(`${INDEX_SUFFIX}${SWAP_SUFFIX}`) &&
        !name.endsWith(`${TIME_INDEX_SUFFIX}${SWAP_SUFFIX}`)
      ) {
        fs.rmSync(path, { force: true });
      }
    } else if (isOrphanIndex(fs, dir, name)) {
      fs.rmSync(path, { force: true });
    }
  }
  return swaps;
}

function isOrphanIndex(fs: FileSystem, dir: string, name: string): boolean {
  const base = offsetFromFileName(name);
  if (base === null) return false;
  const isIndex = [INDEX_SUFFIX, TIME_INDEX_SUFFIX, TXN_INDEX_SUFFIX].some((s) => name.endsWith(s));
  return isIndex && !fs.existsSync(segmentPaths(dir, base).log);
}

/**
 * Finishes a cleaner swap interrupted by a crash: the .swap segment replaces every live segment whose
 * base offset falls within its offset range, then loses its suffix.
 */
function completeSwap(p: LoadParams, base: number): void {
  const { fs } = p;
  const { segment } = LogSegment.open(fs, p.dir, base, p.segmentOptions(), p.now, SWAP_SUFFIX);
  recoverSegment(segment);
  const next = segment.readNextOffset();
  for (const name of fs.readdirSync(p.dir)) {
    const other = offsetFromFileName(name);
    if (other === null || !name.endsWith(LOG_SUFFIX) || other < base || other >= Math.max(next, base + 1)) continue;
    const paths = segmentPaths(p.dir, other);
    for (const f of [paths.log, paths.index, paths.timeIndex, paths.txnIndex]) fs.rmSync(f, { force: true });
  }
  segment.changeFileSuffixes('');
  segment.close();
  p.logger.info({ dir: p.dir, offset: base }, 'completed an interrupted segment swap');
}
