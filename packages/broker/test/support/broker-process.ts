/**
 * A broker as a separate process (`bin/samsa broker`), for tests that kill it: kill -9 must not be
 * able to take the test runner with it. Waits for the port to accept connections, bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');
export const SAMSA_BIN = join(REPO, 'bin', 'samsa');

export interface BrokerProcess {
  child: ChildProcess;
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.setTimeout(1000, () => {
        s.destroy();
        resolve(false);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`broker did not listen on ${host}:${port} within ${timeoutMs} ms`);
}

export async function startBrokerProcess(
  port: number,
  logDir: string,
  extra: string[] = [],
  options: { logLevel?: string } = {},
): Promise<BrokerProcess> {
  const args = [
    SAMSA_BIN,
    'broker',
    '--override',
    `listeners=PLAINTEXT://127.0.0.1:${port}`,
    '--override',
    `log.dirs=${logDir}`,
    ...extra,
  ];
  return spawnBroker(process.execPath, args, { host: '127.0.0.1', port }, options.logLevel);
}

/**
 * Runs `command args` (a broker, possibly wrapped, as by `ip netns exec`) and resolves once
 * `listen` accepts connections, keeping its output for failure messages.
 */
export async function spawnBroker(
  command: string,
  args: string[],
  listen: { host: string; port: number },
  logLevel = 'warn',
): Promise<BrokerProcess> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SAMSA_LOG_LEVEL: logLevel },
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(listen.host, listen.port, 20_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${out}`);
  }
  return {
    child,
    output: () => out,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    },
  };
}
