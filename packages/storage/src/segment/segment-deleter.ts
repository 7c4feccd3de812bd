import type { Logger } from '@samsa/common';
import type { LogSegment } from './log-segment.js';
import { DELETED_SUFFIX } from './segment-files.js';

const MAX_TIMER_MS = 0x7fffffff;

/**
 * Deletes segments the way Kafka does: renamed to `.deleted` at once (so they are out of the log's
 * namespace and a restart will remove them), unlinked after file.delete.delay.ms. Owned by one
 * PartitionLog; `close` unlinks whatever is still pending.
 */
export class SegmentDeleter {
  private readonly pending = new Map<LogSegment, NodeJS.Timeout>();

  constructor(private readonly logger: Logger) {}

  schedule(segments: readonly LogSegment[], delayMs: number): void {
    for (const s of segments) {
      try {
        s.changeFileSuffixes(DELETED_SUFFIX);
      } catch (err) {
        this.logger.warn({ path: s.logPath, err }, 'cannot rename a segment for deletion');
      }
      const timer = setTimeout(() => this.deleteNow(s), Math.min(delayMs, MAX_TIMER_MS));
      timer.unref();
      this.pending.set(s, timer);
    }
  }

  private deleteNow(segment: LogSegment): void {
    clearTimeout(this.pending.get(segment));
    this.pending.delete(segment);
    try {
      segment.deleteFiles();
    } catch (err) {
      this.logger.warn({ path: segment.logPath, err }, 'cannot delete a segment');
    }
  }

  /** Unlinks every pending segment now. */
  close(): void {
    for (const s of [...this.pending.keys()]) this.deleteNow(s);
  }
}
