/**
 * Kafka's purgatory: requests that must wait (a fetch below min_bytes, later a produce waiting for
 * replicas or a join waiting for members) are parked here, watched under keys such as a partition,
 * and completed exactly once — by an event on a watched key, or by their deadline.
 */
export abstract class DelayedOperation {
  private completed = false;
  private timer: NodeJS.Timeout | null = null;
  /** Set by the purgatory so that completion can unregister the watches. */
  unwatch: (() => void) | null = null;

  constructor(readonly deadlineMs: number) {}

  get isCompleted(): boolean {
    return this.completed;
  }

  /** Checks whether the operation can complete now; completes it if so. */
  abstract tryComplete(): boolean;

  /** Called exactly once, on completion by event or by timeout. */
  protected abstract onComplete(timedOut: boolean): void;

  /** Completes the operation if nobody has yet; returns whether this call did. */
  forceComplete(timedOut = false): boolean {
    if (this.completed) return false;
    this.completed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unwatch?.();
    this.onComplete(timedOut);
    return true;
  }

  startTimer(now: number): void {
    const delay = Math.max(0, this.deadlineMs - now);
    this.timer = setTimeout(() => this.forceComplete(true), delay);
  }
}

export class Purgatory<Op extends DelayedOperation> {
  private readonly watchers = new Map<string, Set<Op>>();

  /** Completes `op` at once if it can, otherwise watches it under `keys` until an event or its deadline. */
  tryCompleteElseWatch(op: Op, keys: readonly string[], now = Date.now()): void {
    if (op.tryComplete()) return;
    for (const k of keys) {
      let set = this.watchers.get(k);
      if (!set) {
        set = new Set();
        this.watchers.set(k, set);
      }
      set.add(op);
    }
    op.unwatch = () => {
      for (const k of keys) {
        const set = this.watchers.get(k);
        if (!set) continue;
        set.delete(op);
        if (set.size === 0) this.watchers.delete(k);
      }
    };
    op.startTimer(now);
  }

  /** Something changed under `key`: give every operation watching it a chance to complete. */
  checkAndComplete(key: string): number {
    const set = this.watchers.get(key);
    if (!set) return 0;
    let n = 0;
    for (const op of [...set]) if (op.tryComplete()) n++;
    return n;
  }

  get watched(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  /** Completes everything now (shutdown). */
  completeAll(): void {
    const all = new Set<Op>();
    for (const s of this.watchers.values()) for (const op of s) all.add(op);
    for (const op of all) op.forceComplete(true);
  }
}
