import type { Logger } from '@samsa/common';
import type { PartitionLog } from '../partition-log.js';
import { CleanerAborted, type CleanResult, cleanLog } from './clean-log.js';
import { type CleanableRange, cleanableRange } from './cleanable.js';

export interface CleanerOptions {
  /** Pause when no log needs cleaning (log.cleaner.backoff.ms). Default 15000. */
  backoffMs?: number;
  /** Longest stretch of cleaning work per event-loop turn. Default 10 ms. */
  sliceMs?: number;
  /** Keys the offset map may hold (Kafka sizes it by log.cleaner.dedupe.buffer.size). Default 1,000,000. */
  maxMapEntries?: number;
}

/** Where the first dirty offset of each log is stored (cleaner-offset-checkpoint, owned by LogManager). */
export interface CleanerCheckpoints {
  get(log: PartitionLog): number | undefined;
  set(log: PartitionLog, firstDirtyOffset: number): void;
}

export interface CleanerDeps {
  logs: () => readonly PartitionLog[];
  checkpoints: CleanerCheckpoints;
  now: () => number;
  logger: Logger;
}

/**
 * Kafka's LogCleaner for cleanup.policy=compact logs, on the event loop instead of threads: it picks
 * the log with the highest dirty ratio above min.cleanable.dirty.ratio (or overdue by
 * max.compaction.lag.ms, or holding tombstones whose delete horizon has passed) and runs one
 * cleaning as a sliced job — at most `sliceMs` of work per turn, then setImmediate — so requests are
 * never held up for long. One cleaning at a time; the LogManager owns the cleaner and stops it
 * before closing logs.
 */
export class LogCleaner {
  private readonly backoffMs: number;
  private readonly sliceMs: number;
  private readonly maxMapEntries: number;
  private running: PartitionLog | null = null;
  private stopped = true;
  private abortRequested = false;
  private timer: NodeJS.Timeout | null = null;
  /** Logs with tombstones that become removable at the given time. */
  private readonly tombstoneDue = new Map<PartitionLog, number>();

  constructor(
    private readonly deps: CleanerDeps,
    options: CleanerOptions = {},
  ) {
    this.backoffMs = options.backoffMs ?? 15000;
    this.sliceMs = options.sliceMs ?? 10;
    this.maxMapEntries = options.maxMapEntries ?? 1_000_000;
  }

  /** The log being cleaned right now, if any (retention skips it, as Kafka pauses cleaning). */
  get cleaning(): PartitionLog | null {
    return this.running;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops after the current slice; an unfinished cleaning is abandoned and its files deleted. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) this.abortRequested = true;
  }

  /** The log is going away (deleted or closed): abandon any cleaning of it and forget it. */
  forget(log: PartitionLog): void {
    this.tombstoneDue.delete(log);
    if (this.running === log) this.abortRequested = true;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.cleanOnce().then((result) => this.schedule(result ? 0 : this.backoffMs));
    }, delay);
    this.timer.unref();
  }

  /** The log most in need of cleaning at `now`, with its range, or null. */
  filthiest(now: number = this.deps.now()): CleanableRange | null {
    let best: CleanableRange | null = null;
    for (const log of this.deps.logs()) {
      const range = cleanableRange(log, this.deps.checkpoints.get(log), now);
      if (!range) continue;
      const due = this.tombstoneDue.get(log);
      const tombstonesDue = due !== undefined && now > due && range.firstUncleanableOffset > log.logStartOffset;
      const ratio = log.config['min.cleanable.dirty.ratio'];
      const dirtyEnough = range.dirtyBytes > 0 && range.dirtyRatio > ratio;
      if (!dirtyEnough && !range.overdue && !tombstonesDue) continue;
      if (!best || range.overdue || range.dirtyRatio > best.dirtyRatio) best = range;
    }
    return best;
  }

  /**
   * Cleans the filthiest log, if any, to completion (in slices). Resolves with what was done, or
   * null when nothing needed cleaning or the cleaning was abandoned.
   */
  async cleanOnce(now: number = this.deps.now()): Promise<CleanResult | null> {
    if (this.running) return null;
    const range = this.filthiest(now);
    if (!range) return null;
    const log = range.log;
    this.running = log;
    this.abortRequested = false;
    const job = cleanLog({ range, now, maxMapEntries: this.maxMapEntries });
    try {
      const result = await this.runSliced(job);
      this.deps.checkpoints.set(log, result.cleanedUpTo);
      if (Number.isFinite(result.nextTombstoneHorizon)) this.tombstoneDue.set(log, result.nextTombstoneHorizon);
      else this.tombstoneDue.delete(log);
      this.deps.logger.info(
        {
          dir: log.dir,
          cleanedUpTo: result.cleanedUpTo,
          segments: result.segmentsCleaned,
          bytesRead: result.bytesRead,
          bytesWritten: result.bytesWritten,
        },
        'log cleaned',
      );
      return result;
    } catch (err) {
      if (err instanceof CleanerAborted)
        this.deps.logger.debug({ dir: log.dir, reason: err.message }, 'cleaning abandoned');
      else this.deps.logger.error({ dir: log.dir, err }, 'cleaning failed');
      return null;
    } finally {
      this.running = null;
    }
  }

  private async runSliced(job: Generator<void, CleanResult>): Promise<CleanResult> {
    for (;;) {
      const deadline = performance.now() + this.sliceMs;
      let step = job.next();
      while (!step.done && performance.now() < deadline) step = job.next();
      if (step.done) return step.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.abortRequested) {
        job.return(undefined as never);
        throw new CleanerAborted('cleaner stopped');
      }
    }
  }
}
