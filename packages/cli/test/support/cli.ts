/**
 * Runs `bin/samsa` as a child process, asynchronously: the tests' brokers run in this process, so
 * a blocking spawnSync would stall them. Every run is bounded by a kill timer.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', 'bin', 'samsa');

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface SamsaOptions {
  input?: string;
  timeoutMs?: number;
  /**
   * Leaves stdin open after `input` and sends `signal` once `ready` (polled every 50 ms, bounded
   * by the kill timer) returns true for the output so far: a user's Ctrl-C on a running tool.
   */
  interrupt?: { signal: NodeJS.Signals; ready: (stdout: string) => boolean | Promise<boolean> };
}

export function samsa(args: string[], options: SamsaOptions = {}): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    let poller: NodeJS.Timeout | undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      clearInterval(poller);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.on('error', () => {});
    const interrupt = options.interrupt;
    if (!interrupt) {
      child.stdin.end(options.input ?? '');
      return;
    }
    child.stdin.write(options.input ?? '');
    let checking = false;
    poller = setInterval(async () => {
      if (checking) return;
      checking = true;
      if (await interrupt.ready(stdout)) {
        clearInterval(poller);
        child.kill(interrupt.signal);
      }
      checking = false;
    }, 50);
  });
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
