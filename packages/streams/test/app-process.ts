/**
 * Runs test/fixtures/count-app.js as a child process and follows the JSON lines it prints, so the
 * crash tests can wait for its states, read its restore reports and kill it with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface AppEvent {
  state?: string;
  error?: string;
  restore?: { topic: string; partition: number; store: string; total: number };
  restoreStart?: { topic: string; partition: number; store: string; start: string; end: string };
  store?: Record<string, number>;
}

export class AppProcess {
  readonly events: AppEvent[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr = '';
  private readonly child: ChildProcess;

  constructor(args: Record<string, unknown>) {
    const script = fileURLToPath(new URL('./fixtures/count-app.js', import.meta.url));
    this.child = spawn(process.execPath, [script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          this.events.push(JSON.parse(line) as AppEvent);
        } catch {
          this.stderr += `${line}\n`;
        }
      }
    });
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Waits (bounded) for an event matching `match`; fails early if the app reports an error or exits. */
  async waitFor(what: string, match: (e: AppEvent) => boolean, ms = 60_000): Promise<AppEvent> {
    const deadline = Date.now() + ms;
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const error = this.events.find((e) => e.error);
      if (error || exited || Date.now() > deadline) {
        throw new Error(
          `app: no ${what} (${error?.error ?? (exited ? 'exited' : 'timed out')}); stderr: ${this.stderr}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}
