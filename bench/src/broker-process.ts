/**
 * One Samsa broker as a child process (`node bin/samsa broker --override ...`), as a user runs it:
 * 127.0.0.1, a free port, its data in a fresh temp dir. Owned by the workload that starts it; stop()
 * always ends the process (SIGTERM, then SIGKILL after a bound) and removes the data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './child.js';
import { refuseIfStopping, track, untrack } from './shutdown.js';

export interface BrokerStartOptions {
  repoRoot: string;
  /** A directory for `node --cpu-prof` output; none: no profiling. */
  cpuProfileDir?: string;
  /** Parent of the data dir; default the OS temp dir (whose disk the disk probe measures). */
  tempRoot?: string;
  /** Node flags; default BROKER_NODE_FLAGS. */
  nodeFlags?: string[];
  /** More broker settings, by Kafka's names (`--override key=value`). */
  overrides?: Record<string, string>;
  /** More listeners after the PLAINTEXT one, e.g. "SSL://127.0.0.1:0" (with their ssl.* overrides). */
  extraListeners?: string;
}

/**
 * Node flags the broker runs with, the same as `npm start` (Kafka's start script sets JVM heap
 * options the same way). V8 counts Buffers' memory outside its heap towards its GC limits, which it
 * derives from the (small) heap; at 1 GB/s through socket buffers that meant a full mark-compact
 * every ~20 ms. A 64 MiB initial old space lets scavenges free those buffers instead; it costs no
 * memory that is not used (peak RSS was unchanged).
 */
export const BROKER_NODE_FLAGS = ['--initial-old-space-size=64'];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export class BrokerProcess {
  private exited = false;
  /** process.hrtime.bigint() at spawn. */
  readonly startedAt = process.hrtime.bigint();

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string,
    private readonly logPath: string,
  ) {
    child.once('exit', () => {
      this.exited = true;
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(opts: BrokerStartOptions): Promise<BrokerProcess> {
    refuseIfStopping('broker');
    const dataDir = mkdtempSync(join(opts.tempRoot ?? tmpdir(), 'samsa-bench-'));
    const port = await freePort();
    const logPath = join(dataDir, 'broker.log');
    const out = openSync(logPath, 'w');
    const profile = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
    const nodeArgs = [...(opts.nodeFlags ?? BROKER_NODE_FLAGS), ...profile];
    const args = [
      ...nodeArgs,
      join(opts.repoRoot, 'bin/samsa'),
      'broker',
      '--override',
      `listeners=PLAINTEXT://127.0.0.1:${port}${opts.extraListeners ? `,${opts.extraListeners}` : ''}`,
      '--override',
      `log.dirs=${join(dataDir, 'logs')}`,
      ...Object.entries(opts.overrides ?? {}).flatMap(([k, v]) => ['--override', `${k}=${v}`]),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', out, out], cwd: opts.repoRoot });
    const broker = new BrokerProcess(child, port, dataDir, logPath);
    track(broker);
    const deadline = Date.now() + 30_000;
    while (!(await canConnect(port))) {
      if (broker.exited || Date.now() > deadline) {
        const log = broker.log().slice(-2000);
        await broker.stop();
        throw new Error(`broker did not start listening on ${port}:\n${log}`);
      }
      await sleep(50);
    }
    return broker;
  }

  log(): string {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  /** kill -9, as a crash: the data stays until stop(). */
  async kill9(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (a clean shutdown, which also writes a --cpu-prof profile), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    untrack(this);
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
