/** A CoordinatorTimer whose time moves only when a test calls advance(). */
import type { CoordinatorTimer, TimerTask } from '../../src/coordinator/group/timer.js';

interface Scheduled {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class ManualTimer implements CoordinatorTimer {
  private time: number;
  private seq = 0;
  private tasks: Scheduled[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, fn: () => void): TimerTask {
    const task: Scheduled = { due: this.time + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.tasks.push(task);
    return {
      cancel: () => {
        task.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, running every task that falls due, in order (also ones scheduled meanwhile). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.tasks = this.tasks.filter((t) => !t.cancelled);
      const next = this.tasks.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.due);
      next.cancelled = true;
      next.fn();
    }
    this.time = end;
  }

  get pending(): number {
    return this.tasks.filter((t) => !t.cancelled).length;
  }
}
