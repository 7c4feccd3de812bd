import { isControlAt, lastOffsetAt } from '@samsa/protocol';
import type { LocalLog } from '../local-log.js';
import { walkRecords } from '../record-walk.js';
import { LogSegment } from '../segment/log-segment.js';
import { CLEANED_SUFFIX, SWAP_SUFFIX } from '../segment/segment-files.js';
import { type FilterContext, filterBatch } from './batch-filter.js';
import type { CleanableRange } from './cleanable.js';
import { OffsetMap } from './offset-map.js';

export interface CleanResult {
  /** New first dirty offset, for cleaner-offset-checkpoint. */
  cleanedUpTo: number;
  segmentsCleaned: number;
  bytesRead: number;
  bytesWritten: number;
  batchesRewritten: number;
  /** When kept tombstones become removable (Infinity if none): the log is due again then. */
  nextTombstoneHorizon: number;
}

export class CleanerAborted extends Error {
  override readonly name = 'CleanerAborted';
}

export interface CleanParams {
  range: CleanableRange;
  now: number;
  maxMapEntries: number;
}

const IO_CHUNK = 1024 * 1024;
const INT32_MAX = 0x7fffffff;

/**
 * One cleaning of one log, as a generator that yields after every batch so the caller can spread
 * the work over event-loop turns (see LogCleaner). Phases, as in Kafka's Cleaner.doClean:
 *  1. build the key → latest offset map over the dirty segments (stopping at a segment boundary if
 *     the map fills up);
 *  2. group the segments from the log start to the end of the mapped range so that each group fits
 *     one segment, and rewrite each group into `<base>.log.cleaned` (+ indexes), keeping only what
 *     filterBatch keeps;
 *  3. swap each cleaned segment in: .cleaned → .swap, old segments out and renamed .deleted,
 *     .swap → final names.
 * The log's other owners keep running between slices. Anything that removes or truncates segments
 * changes the log's structureVersion, and the cleaning then aborts (CleanerAborted), deleting its
 * partial .cleaned files; the next cleaning starts over.
 */
export function* cleanLog(p: CleanParams): Generator<void, CleanResult> {
  const log = p.range.log;
  const local = log.localLog;
  let version = local.structureVersion;
  const check = () => {
    if (local.isClosed || local.structureVersion !== version) throw new CleanerAborted(`log ${log.dir} changed`);
  };

  const map = new OffsetMap(p.maxMapEntries);
  const stats: CleanResult = {
    cleanedUpTo: p.range.firstDirtyOffset,
    segmentsCleaned: 0,
    bytesRead: 0,
    bytesWritten: 0,
    batchesRewritten: 0,
    nextTombstoneHorizon: Number.POSITIVE_INFINITY,
  };
  const dirtyEnd = p.range.firstUncleanableOffset;
  for (const segment of local.segments.from(p.range.firstDirtyOffset)) {
    if (segment.baseOffset >= dirtyEnd || map.isFull) break;
    yield* mapSegment(segment, p.range.firstDirtyOffset, dirtyEnd, map, check);
  }
  // As in Kafka, a full map ends the cleanable range at the last offset it holds.
  const mappedUpTo = map.isFull ? map.latestOffset + 1 : dirtyEnd;
  stats.cleanedUpTo = mappedUpTo;
  if (mappedUpTo <= (local.segments.first()?.baseOffset ?? 0)) return stats;

  const ctx: FilterContext = {
    map,
    now: p.now,
    deleteRetentionMs: log.config['delete.retention.ms'],
    nextTombstoneHorizon: Number.POSITIVE_INFINITY,
  };
  for (const group of groupSegments(
    local,
    mappedUpTo,
    log.config['segment.bytes'],
    log.config['segment.index.bytes'],
  )) {
    yield* cleanGroup(local, group, ctx, stats, check, p.now);
    version = local.structureVersion;
  }
  stats.nextTombstoneHorizon = ctx.nextTombstoneHorizon;
  return stats;
}

/** Adds the keys of one dirty segment's records in [from, to) to the map, until it is full. */
function* mapSegment(
  segment: LogSegment,
  from: number,
  to: number,
  map: OffsetMap,
  check: () => void,
): Generator<void, void> {
  const scanner = segment.scan(0, IO_CHUNK);
  while (!map.isFull && scanner.next() === 'batch') {
    const { buf, at } = scanner;
    if (lastOffsetAt(buf, at) < from || isControlAt(buf, at) || !scanner.loadWhole()) continue;
    walkRecords(scanner.buf, scanner.at, scanner.at + scanner.size, (r) => {
      if (r.offset >= to || map.isFull) return false;
      if (r.keyLength >= 0 && r.offset >= from)
        map.put(r.data.subarray(r.keyOffset, r.keyOffset + r.keyLength), r.offset);
      return true;
    });
    yield;
    check();
  }
}

/** Kafka's groupSegmentsBySize: consecutive segments whose sum fits one segment and one index. */
function groupSegments(local: LocalLog, upTo: number, maxBytes: number, maxIndexBytes: number): LogSegment[][] {
  const candidates = local.segments.all().filter((s) => s.baseOffset < upTo && s !== local.segments.active);
  const groups: LogSegment[][] = [];
  let i = 0;
  while (i < candidates.length) {
    const group = [candidates[i] as LogSegment];
    let bytes = group[0]?.size ?? 0;
    let indexBytes = (group[0]?.offsetIndex.sizeInBytes ?? 0) + (group[0]?.timeIndex.sizeInBytes ?? 0);
    i++;
    while (i < candidates.length) {
      const s = candidates[i] as LogSegment;
      const next = local.segments.next(s);
      const lastOffset = (next ? next.baseOffset : upTo) - 1;
      const sIndex = s.offsetIndex.sizeInBytes + s.timeIndex.sizeInBytes;
      if (
        bytes + s.size > maxBytes ||
        indexBytes + sIndex > maxIndexBytes ||
        lastOffset - (group[0] as LogSegment).baseOffset > INT32_MAX
      )
        break;
      group.push(s);
      bytes += s.size;
      indexBytes += sIndex;
      i++;
    }
    groups.push(group);
  }
  return groups;
}

function* cleanGroup(
  local: LocalLog,
  group: LogSegment[],
  ctx: FilterContext,
  stats: CleanResult,
  check: () => void,
  now: number,
): Generator<void, void> {
  const base = (group[0] as LogSegment).baseOffset;
  const cleaned = LogSegment.create(local.fs, local.dir, base, local.segmentOptions(), now, CLEANED_SUFFIX);
  let swapped = false;
  try {
    for (const source of group) {
      const scanner = source.scan(0, IO_CHUNK);
      while (scanner.next() === 'batch' && scanner.loadWhole()) {
        const { buf, at, size } = scanner;
        stats.bytesRead += size;
        const outcome = filterBatch(buf, at, at + size, ctx);
        if (outcome.kind === 'keep') cleaned.append(buf.subarray(at, at + size));
        else if (outcome.kind === 'rewrite') {
          cleaned.append(outcome.bytes);
          stats.batchesRewritten++;
        }
        yield;
        check();
      }
    }
    cleaned.onBecomeInactive();
    cleaned.flush();
    stats.bytesWritten += cleaned.size;
    stats.segmentsCleaned += group.length;
    check();
    cleaned.changeFileSuffixes(SWAP_SUFFIX);
    local.replaceSegments(cleaned, group);
    swapped = true;
  } finally {
    if (!swapped) cleaned.deleteFiles();
  }
}
