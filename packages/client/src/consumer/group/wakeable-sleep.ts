/**
 * The pause of a membership loop between heartbeats or retries, which an event (a rejoin request,
 * a poll, a stop) ends early. One sleeper at a time: the loop that owns it. A wake() while nobody
 * sleeps is dropped, which is what the loops want: they re-check their state before sleeping.
 */
export class WakeableSleep {
  private wakeUp: (() => void) | null = null;

  /** Resolves after `ms`, or at the next wake(), whichever comes first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** Ends the current sleep now; nothing when no one sleeps. */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }
}
