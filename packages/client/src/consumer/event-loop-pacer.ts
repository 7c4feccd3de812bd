/**
 * Says when code that runs on microtasks only should give the event loop a turn.
 *
 * An application that reads buffered records without awaiting anything else never leaves the
 * microtask queue, so socket reads wait until the whole buffer is drained: the response already in
 * flight stalls in the kernel's socket buffer (and the broker's writes with it) instead of arriving
 * while records are decoded. After every `periodMs` of such reading, `due()` says to yield once
 * (setImmediate); never when the application yields by itself, because the marker it schedules
 * then runs first. Measured: 5-10% more records/s at 1 KiB.
 */
export class EventLoopPacer {
  /** When the event loop last ran a macrotask while this pacer was asked. */
  private lastTurn = 0;
  private marked = false;

  constructor(private readonly periodMs = 0.5) {}

  due(): boolean {
    const now = performance.now();
    if (!this.marked) {
      this.marked = true;
      setImmediate(() => {
        this.marked = false;
        this.lastTurn = performance.now();
      });
      // The first ask after the loop ran: nothing to catch up on.
      if (now - this.lastTurn > this.periodMs) this.lastTurn = now;
      return false;
    }
    return now - this.lastTurn > this.periodMs;
  }
}
