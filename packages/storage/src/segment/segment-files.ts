import { join } from 'node:path';

/*
 * Kafka's file naming: every segment file is named after the segment's base offset, zero-padded to
 * 20 digits, plus a suffix per file kind, plus an optional state suffix used during deletion
 * (.deleted) and compaction (.cleaned, then .swap).
 */

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
export const TXN_INDEX_SUFFIX = '.txnindex';

export const DELETED_SUFFIX = '.deleted';
export const CLEANED_SUFFIX = '.cleaned';
export const SWAP_SUFFIX = '.swap';

export function fileNamePrefix(offset: number): string {
  return String(offset).padStart(20, '0');
}

export interface SegmentPaths {
  log: string;
  index: string;
  timeIndex: string;
  txnIndex: string;
}

export function segmentPaths(dir: string, baseOffset: number, stateSuffix = ''): SegmentPaths {
  const prefix = join(dir, fileNamePrefix(baseOffset));
  return {
    log: `${prefix}${LOG_SUFFIX}${stateSuffix}`,
    index: `${prefix}${INDEX_SUFFIX}${stateSuffix}`,
    timeIndex: `${prefix}${TIME_INDEX_SUFFIX}${stateSuffix}`,
    txnIndex: `${prefix}${TXN_INDEX_SUFFIX}${stateSuffix}`,
  };
}

/** The base offset a segment file name starts with, or null if the name is not one of ours. */
export function offsetFromFileName(name: string): number | null {
  const m = /^(\d{20})\./.exec(name);
  if (!m) return null;
  const v = Number(m[1]);
  return Number.isSafeInteger(v) ? v : null;
}
