/**
 * A peer's server (redis-server, nats-server) as a child process on 127.0.0.1 and a free port, its
 * data in a fresh temp dir. Owned by the peer run that starts it; stop() always ends the process
 * (SIGTERM, SIGKILL after a bound) and removes the data dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { canConnect, freePort } from '../broker-process.js';
import { sleep } from '../child.js';

export class ServerProcess {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string,
  ) {
    child.once('exit', () => {
      this.exited = true;
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Starts `command` with the arguments `args(port, dataDir)` and waits until the port accepts. */
  static async start(command: string, args: (port: number, dataDir: string) => string[]): Promise<ServerProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), `samsa-bench-${basename(command)}-`));
    const port = await freePort();
    const out = openSync(join(dataDir, 'server.log'), 'w');
    const child = spawn(command, args(port, dataDir), { stdio: ['ignore', out, out] });
    const server = new ServerProcess(child, port, dataDir);
    const deadline = Date.now() + 30_000;
    while (!(await canConnect(port))) {
      if (server.exited || Date.now() > deadline) {
        const log = readFileSync(join(dataDir, 'server.log'), 'utf8').slice(-2000);
        await server.stop();
        throw new Error(`${command} did not start listening on ${port}:\n${log}`);
      }
      await sleep(50);
    }
    return server;
  }

  async stop(): Promise<void> {
    if (!this.exited && this.child.exitCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
