/**
 * What the source and sink runners share (Kafka's WorkerTask): the task's state as the status
 * API reports it, pausing (the loop waits at a gate), stopping, and failing with a trace.
 * Owner: the herder, which starts, pauses, resumes and stops a runner; the runner's loop is the
 * only caller of its task's methods.
 */
import type { Logger } from '@samsa/common';

export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING';

export interface TaskId {
  connector: string;
  task: number;
}

export abstract class TaskRunner {
  state: TaskState = 'UNASSIGNED';
  /** KIP-558: topics this task has read (sink) or written (source) since start or the last reset. */
  readonly activeTopics = new Set<string>();
  trace: string | null = null;
  /** Called after each state change (the distributed herder writes it to the status topic). */
  onStateChange: ((runner: TaskRunner) => void) | null = null;
  protected stopping = false;
  protected paused = false;
  private resumeGate: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    readonly id: TaskId,
    protected readonly logger: Logger,
  ) {}

  /** Starts the loop; resolves once it runs (or failed to start: see state). */
  start(startPaused: boolean): void {
    this.paused = startPaused;
    this.loop = this.execute();
  }

  private async execute(): Promise<void> {
    try {
      await this.initialize();
      this.state = this.paused ? 'PAUSED' : 'RUNNING';
      this.onStateChange?.(this);
      await this.run();
    } catch (err) {
      if (!this.stopping) this.fail(err);
    } finally {
      await this.cleanup().catch((err: unknown) => this.logger.warn({ err }, 'task cleanup failed'));
    }
  }

  protected fail(err: unknown): void {
    this.state = 'FAILED';
    this.trace = err instanceof Error ? traceOf(err) : String(err);
    this.onStateChange?.(this);
    this.logger.error({ err, connector: this.id.connector, task: this.id.task }, 'task failed');
  }

  pause(): void {
    this.paused = true;
    if (this.state === 'RUNNING') {
      this.state = 'PAUSED';
      this.onStateChange?.(this);
    }
  }

  resume(): void {
    this.paused = false;
    if (this.state === 'PAUSED') {
      this.state = 'RUNNING';
      this.onStateChange?.(this);
    }
    this.resumeGate?.();
  }

  /** Resolves when resumed or stopping; the loop awaits it while paused. */
  protected waitWhilePaused(): Promise<void> {
    if (!this.paused || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      this.resumeGate = () => {
        this.resumeGate = null;
        resolve();
      };
    });
  }

  /** Stops the loop and the task, bounded by `timeoutMs` (Kafka's task.shutdown.graceful.timeout.ms). */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.resumeGate?.();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => {
      timer = setTimeout(r, timeoutMs);
    });
    await Promise.race([this.loop ?? Promise.resolve(), timeout]);
    clearTimeout(timer);
  }

  protected abstract initialize(): Promise<void>;
  protected abstract run(): Promise<void>;
  protected abstract cleanup(): Promise<void>;
}

/** A Java-style trace: the error's stack, then each cause's. */
export function traceOf(err: Error): string {
  let out = err.stack ?? `${err.name}: ${err.message}`;
  let cause = err.cause;
  while (cause instanceof Error) {
    out += `\nCaused by: ${cause.stack ?? cause.message}`;
    cause = cause.cause;
  }
  return out;
}
