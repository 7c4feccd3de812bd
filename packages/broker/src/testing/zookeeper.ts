/**
 * A real Apache ZooKeeper (Debian's `zookeeper` package, 3.8) for tests: one standalone server on
 * a free loopback port, its data in a temporary directory. Every wait is bounded; `stop()` kills
 * the JVM and removes the directory. `restart()` keeps the data directory and port, so a later
 * fault test can restart ZooKeeper under running brokers and sessions can resume.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestId } from '../zk/zk-acls.js';
import { freePort } from './free-port.js';

const CLASSPATH = '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar';
const MAIN = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';

/** True when Debian's zookeeper package is installed (CI installs it; see .ci/run). */
export function zookeeperAvailable(): boolean {
  return existsSync('/usr/share/java/zookeeper.jar') && existsSync('/usr/bin/java');
}

export class TestZooKeeper {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly jvmFlags: readonly string[],
  ) {}

  /** `host:port`, to which a chroot may be appended. */
  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /**
   * `listenAll`: accept connections on every address (brokers in network namespaces reach it over a bridge).
   * `superUser`: digest credentials of ZooKeeper's super user (DigestAuthenticationProvider.superDigest),
   * whom no ACL stops — the operator's view, for tests that check what brokers wrote under ACLs.
   */
  static async start(
    options: {
      tickTimeMs?: number;
      startTimeoutMs?: number;
      listenAll?: boolean;
      superUser?: { user: string; password: string };
    } = {},
  ): Promise<TestZooKeeper> {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-zk-'));
    const port = await freePort();
    // tickTime bounds the session timeouts a client may ask for: [2, 20] ticks.
    const tick = options.tickTimeMs ?? 250;
    writeFileSync(
      join(dir, 'zoo.cfg'),
      [
        `tickTime=${tick}`,
        `dataDir=${join(dir, 'data')}`,
        `clientPort=${port}`,
        `clientPortAddress=${options.listenAll ? '0.0.0.0' : '127.0.0.1'}`,
        'admin.enableServer=false',
        `minSessionTimeout=${tick * 2}`,
        'maxSessionTimeout=60000',
        '4lw.commands.whitelist=ruok',
        '',
      ].join('\n'),
    );
    const su = options.superUser;
    const flags = su ? [`-Dzookeeper.DigestAuthenticationProvider.superDigest=${digestId(su.user, su.password)}`] : [];
    const zk = new TestZooKeeper(port, dir, flags);
    try {
      await zk.launch(options.startTimeoutMs ?? 20_000);
    } catch (err) {
      await zk.stop();
      throw err;
    }
    return zk;
  }

  private async launch(timeoutMs: number): Promise<void> {
    const child = spawn('java', ['-Xmx128m', ...this.jvmFlags, '-cp', CLASSPATH, MAIN, join(this.dir, 'zoo.cfg')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // If the test process dies without stop(), do not leave a JVM behind.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.off('exit', reap));
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString('utf8')).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (!(await ruok(this.port))) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`zookeeper exited (${child.exitCode ?? child.signalCode}):\n${this.output}`);
      }
      if (Date.now() > deadline) throw new Error(`zookeeper not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the server (SIGKILL: sessions are not closed, as in a crash), keeping its data. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  }

  /** Kills and starts the server again on the same port with the same data. */
  async restart(timeoutMs = 20_000): Promise<void> {
    await this.kill();
    await this.launch(timeoutMs);
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** ZooKeeper's four-letter `ruok` command; true once the server answers `imok`. */
function ruok(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('connect', () => socket.write('ruok'));
    socket.on('data', (d) => {
      reply += d.toString('utf8');
    });
    socket.on('end', () => done(reply === 'imok'));
    socket.on('error', () => done(false));
  });
}

/**
 * A TCP proxy in front of ZooKeeper that a test can cut (every connection dropped, new ones
 * refused) and heal: a client behind it loses ZooKeeper without ZooKeeper going down, so its
 * session expires after the session timeout — as for a partitioned or paused broker.
 */
export class ZkProxy {
  private cut = false;
  private readonly sockets = new Set<Socket>();
  /** Server-to-client streams of the open connections, for holding replies back. */
  private readonly replies = new Map<Socket, Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(target: TestZooKeeper): Promise<ZkProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const proxy = new ZkProxy(server, port);
    server.on('connection', (inbound) => {
      if (proxy.cut) return inbound.destroy();
      const outbound = connect({ host: '127.0.0.1', port: target.port });
      for (const s of [inbound, outbound]) {
        proxy.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => {
          proxy.sockets.delete(s);
          proxy.replies.delete(outbound);
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound);
      outbound.pipe(inbound);
      proxy.replies.set(outbound, inbound);
    });
    return proxy;
  }

  /** Drops every connection and refuses new ones until `heal()`. */
  partition(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  /** Keeps what the server sends (replies, watch notifications) from reaching the clients. */
  holdReplies(): void {
    for (const outbound of this.replies.keys()) {
      outbound.unpipe();
      outbound.pause();
    }
  }

  /** Delivers what was held, in order, and lets replies flow again. */
  releaseReplies(): void {
    for (const [outbound, inbound] of this.replies) outbound.pipe(inbound);
  }

  async stop(): Promise<void> {
    this.partition();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
