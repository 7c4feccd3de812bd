/**
 * The controller's single event queue (Kafka's `ControllerEventManager`): events are processed
 * one at a time, in order, by one handler. A handler may await ZooKeeper, but no other event
 * runs until it has finished, so controller state is never read and written by two events
 * interleaved at an `await`. A failing event is reported and the queue moves on.
 */
export class EventQueue<E> {
  private readonly pending: E[] = [];
  private running = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly handle: (event: E) => Promise<void>,
    private readonly onError: (event: E, err: unknown) => void,
  ) {}

  put(event: E): void {
    if (this.closed) return;
    this.pending.push(event);
    if (!this.running) void this.drain();
  }

  /** Stops accepting events; resolves when the event in progress (if any) has finished. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending.length = 0;
    await this.idle();
  }

  /** Resolves when the queue is empty and nothing is being processed. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    for (let e = this.pending.shift(); e !== undefined; e = this.pending.shift()) {
      try {
        await this.handle(e);
      } catch (err) {
        this.onError(e, err);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
