/**
 * The broker the client benchmark measures against: `bin/samsa broker` as a child process on a
 * free port of 127.0.0.1 with its data in a temp dir (removed on stop), so the clients under test
 * never share an event loop with it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchBroker {
  bootstrap: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startBenchBroker(repoRoot: string): Promise<BenchBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-clients-bench-'));
  const port = await freePort();
  const logPath = join(dir, 'broker.log');
  const out = openSync(logPath, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--initial-old-space-size=64',
      join(repoRoot, 'bin/samsa'),
      'broker',
      '--override',
      `listeners=PLAINTEXT://127.0.0.1:${port}`,
      '--override',
      `log.dirs=${join(dir, 'logs')}`,
      '--override',
      'num.partitions=1',
      '--override',
      'group.initial.rebalance.delay.ms=0',
    ],
    { stdio: ['ignore', out, out], cwd: repoRoot },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      const log = readFileSync(logPath, 'utf8').slice(-2000);
      await stop();
      throw new Error(`the broker did not listen on ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { bootstrap: `127.0.0.1:${port}`, stop };
}
