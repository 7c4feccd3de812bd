/**
 * Running real clients (kcat, python) from tests: every run is bounded by a timeout that kills the
 * process, and output is collected for assertions.
 */
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function run(
  command: string,
  args: string[],
  options: { input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => {});
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Runs a Python snippet with Debian's python3 (where python3-kafka and confluent-kafka live). */
export function python(script: string, args: string[] = [], timeoutMs = 60_000): Promise<RunResult> {
  return run('/usr/bin/python3', ['-c', script, ...args], { timeoutMs });
}

export function kcat(args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run('kcat', args, options);
}

/** Fails with the process's output, so a failing client explains itself in the test report. */
export function expectSuccess(r: RunResult, what: string): RunResult {
  if (r.code !== 0 || r.timedOut) {
    throw new Error(
      `${what} failed (code ${r.code}${r.timedOut ? ', timed out' : ''})\nstdout:\n${r.stdout.slice(-3000)}\nstderr:\n${r.stderr.slice(-3000)}`,
    );
  }
  return r;
}
