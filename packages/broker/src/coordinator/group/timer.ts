/**
 * The clock and timers the group coordinator runs on, injected so that unit tests drive time by
 * hand (see test/support/manual-timer.ts) and the broker uses the system's. Session, rebalance and
 * initial-delay timeouts all go through this, never through setTimeout directly.
 */
export interface TimerTask {
  cancel(): void;
}

export interface CoordinatorTimer {
  now(): number;
  /** Runs `fn` once after `delayMs`, unless cancelled first. */
  schedule(delayMs: number, fn: () => void): TimerTask;
}

export const systemTimer: CoordinatorTimer = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const t = setTimeout(fn, Math.max(0, delayMs));
    // Group timers must not keep a stopping process alive.
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
