/**
 * What a multi-step start has done so far, to be undone in reverse if a later step fails: each
 * step that opens something pushes how to close it. Undo steps run one at a time; a failing one
 * is reported and the rest still run.
 */
export class UndoStack {
  private steps: Array<() => unknown> = [];

  push(step: () => unknown): void {
    this.steps.push(step);
  }

  /** Forgets every step: ownership passed to something that will close it all (a started broker). */
  clear(): void {
    this.steps = [];
  }

  async run(onError: (err: unknown) => void): Promise<void> {
    const steps = this.steps.reverse();
    this.steps = [];
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        onError(err);
      }
    }
  }
}
