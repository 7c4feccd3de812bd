/**
 * A peer's server (redis-server, nats-server) as a child process on 127.0.0.1 and a free port, its
 * data in a fresh temp dir. Owned by the peer run that starts it; stop() always ends the process
 * (SIGTERM, SIGKILL after a bound) and removes the data dir.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { canConnect, freePort } from '../broker-process.js';
import { sleep } from '../child.js';
import { rssMiB } from '../proc-stats.js';
import { refuseIfStopping, track, untrack } from '../shutdown.js';

export interface ServerOptions {
  /** Extra environment, given the port and data dir. */
  env?: (port: number, dataDir: string) => Record<string, string>;
  /** A helper process this server needs (Erlang's epmd, ZooKeeper), stopped after it. */
  companion?: ServerProcess;
  /** Runs before the server starts, given its port and data dir (config files, Kafka's storage format). */
  prepare?: (port: number, dataDir: string) => Promise<void>;
  /** How long the port may take to accept (default 30 s; a JVM on a loaded machine takes longer). */
  startTimeoutMs?: number;
}

export class ServerProcess {
  private exited = false;
  /** process.hrtime.bigint() at spawn (the constructor runs right after it). */
  readonly startedAt = process.hrtime.bigint();
  /** The process whose CPU and memory count: the server itself, or the child a start script runs. */
  statsPid = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string,
    private readonly companion?: ServerProcess,
  ) {
    child.once('exit', () => {
      this.exited = true;
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Starts `command` with the arguments `args(port, dataDir)` and waits until the port accepts. */
  static async start(
    command: string,
    args: (port: number, dataDir: string) => string[],
    opts: ServerOptions = {},
  ): Promise<ServerProcess> {
    refuseIfStopping(command);
    const dataDir = mkdtempSync(join(tmpdir(), `samsa-bench-${basename(command)}-`));
    const port = await freePort();
    try {
      await opts.prepare?.(port, dataDir);
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true });
      await opts.companion?.stop();
      throw err;
    }
    const out = openSync(join(dataDir, 'server.log'), 'w');
    const env = { ...process.env, ...(opts.env?.(port, dataDir) ?? {}) };
    const child = spawn(command, args(port, dataDir), { stdio: ['ignore', out, out], env });
    const server = new ServerProcess(child, port, dataDir, opts.companion);
    track(server);
    const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
    while (!(await canConnect(port))) {
      if (server.exited || Date.now() > deadline) {
        const log = existsSync(join(dataDir, 'server.log'))
          ? readFileSync(join(dataDir, 'server.log'), 'utf8').slice(-2000)
          : '(stopped)';
        await server.stop();
        throw new Error(`${command} did not start listening on ${port}:\n${log}`);
      }
      await sleep(50);
    }
    server.statsPid = largestOf([server.pid, ...descendants(server.pid)]);
    return server;
  }

  /** A companion (ZooKeeper) is stopped by its server, after it, as Kafka's shutdown needs it. */
  static companionsOf(servers: readonly unknown[]): Set<ServerProcess> {
    const found = new Set<ServerProcess>();
    for (const s of servers) if (s instanceof ServerProcess && s.companion) found.add(s.companion);
    return found;
  }

  async stop(): Promise<void> {
    untrack(this);
    if (!this.exited && this.child.exitCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
    await this.companion?.stop();
  }
}

/** Every process below `pid`, from the parent field of /proc/<n>/stat. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number): void => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** The process with the largest resident set: the server proper, not its start script. */
function largestOf(pids: number[]): number {
  let best = pids[0] as number;
  let bestRss = -1;
  for (const pid of pids) {
    try {
      const rss = rssMiB(pid);
      if (rss > bestRss) [best, bestRss] = [pid, rss];
    } catch {
      // exited meanwhile (a start script's short-lived helper)
    }
  }
  return best;
}
