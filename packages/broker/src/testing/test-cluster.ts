/**
 * A ZooKeeper-coordinated cluster in this process, for tests: a real ZooKeeper (`TestZooKeeper`,
 * which needs Debian's `zookeeper` package and a JVM) and N brokers, each on a free port of
 * 127.0.0.1 with its own temp log dir. stop() stops them all and removes every dir.
 *
 *   const c = await startTestCluster({ brokers: 3 });
 *   // ... clients bootstrap from c.bootstrap ...
 *   await c.stop();
 *
 * The test owns the object; broker ids are 1..N.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Broker } from '../broker.js';
import type { PrincipalBuilder } from '../broker-services.js';
import { startBroker } from '../embedded.js';
import { freePort } from './free-port.js';
import { TestZooKeeper } from './zookeeper.js';

/** Timeouts short enough that failover tests finish quickly, and internal topics on every broker. */
export const FAST_CLUSTER_CONFIG: Readonly<Record<string, string>> = {
  'zookeeper.session.timeout.ms': '3000',
  'replica.lag.time.max.ms': '3000',
  'offsets.topic.replication.factor': '3',
  'transaction.state.log.replication.factor': '3',
  'offsets.topic.num.partitions': '3',
  'transaction.state.log.num.partitions': '3',
  'group.initial.rebalance.delay.ms': '0',
  'controlled.shutdown.retry.backoff.ms': '200',
};

/** The configs of cluster broker `id`: the fast defaults, the test's own, its id and ZooKeeper. */
export function clusterBrokerConfig(options: {
  zk: TestZooKeeper;
  chroot: string;
  brokerId: number;
  config?: Record<string, string>;
}): Record<string, string> {
  return {
    ...FAST_CLUSTER_CONFIG,
    ...options.config,
    'broker.id': String(options.brokerId),
    'zookeeper.connect': `${options.zk.connectString}${options.chroot}`,
  };
}

export interface TestClusterOptions {
  /** How many brokers to start (ids 1..brokers). */
  brokers: number;
  /** Broker configs by Kafka's names, over FAST_CLUSTER_CONFIG. */
  config?: Record<string, string>;
  /** How long to wait for the brokers to see each other (default 20 s). */
  startTimeoutMs?: number;
  /** Test-only principal names per request (see PrincipalBuilder), for ACL tests. */
  principalBuilder?: PrincipalBuilder;
  /** How to start the cluster's ZooKeeper (e.g. with a super user, for tests of znode ACLs). */
  zooKeeper?: Parameters<typeof TestZooKeeper.start>[0];
}

export interface TestCluster {
  zk: TestZooKeeper;
  brokers: Map<number, Broker>;
  /** Every broker's address, stopped ones included. */
  readonly bootstrap: string;
  /** Only the brokers running now (clients that must not start on a stopped one). */
  readonly liveBootstrap: string;
  /** Starts (again) the broker with this id on its own port and dir. */
  startBroker(id: number): Promise<Broker>;
  stopBroker(id: number): Promise<void>;
  stop(): Promise<void>;
}

const CHROOT = '/samsa';

export async function startTestCluster(options: TestClusterOptions): Promise<TestCluster> {
  const size = options.brokers;
  const zk = await TestZooKeeper.start(options.zooKeeper);
  const dirs = new Map<number, string>();
  const ports = new Map<number, number>();
  const brokers = new Map<number, Broker>();
  const cluster: TestCluster = {
    zk,
    brokers,
    get bootstrap() {
      return [...ports.values()].map((p) => `127.0.0.1:${p}`).join(',');
    },
    get liveBootstrap() {
      return [...brokers.values()].map((b) => b.bootstrapServers).join(',');
    },
    async startBroker(id) {
      if (!dirs.has(id)) dirs.set(id, mkdtempSync(join(tmpdir(), `samsa-cluster-${id}-`)));
      if (!ports.has(id)) ports.set(id, await freePort());
      const b = await startBroker({
        brokerId: id,
        port: ports.get(id),
        logDirs: dirs.get(id),
        config: clusterBrokerConfig({ zk, chroot: CHROOT, brokerId: id, config: options.config }),
        logger: process.env.SAMSA_TEST_LOG ?? undefined,
        principalBuilder: options.principalBuilder,
      });
      brokers.set(id, b);
      return b;
    },
    async stopBroker(id) {
      await brokers.get(id)?.stop();
      brokers.delete(id);
    },
    async stop() {
      for (const b of brokers.values()) await b.stop().catch(() => {});
      brokers.clear();
      await zk.stop();
      for (const d of dirs.values()) rmSync(d, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(Array.from({ length: size }, (_, i) => cluster.startBroker(i + 1)));
    await waitFor(
      `all ${size} brokers to know each other`,
      () => [...brokers.values()].every((b) => b.metadata.brokers('PLAINTEXT').length === size),
      options.startTimeoutMs ?? 20_000,
    );
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
