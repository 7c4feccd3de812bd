/**
 * A ZooKeeper-coordinated cluster for tests: a real ZooKeeper (TestZooKeeper) and N brokers, in
 * this process (fast; for behaviour) or as `bin/samsa broker` children (for kill -9 and SIGSTOP).
 * Every broker gets a free port on 127.0.0.1 and its own temp log dir; stop() removes them all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Broker, startBroker } from '../../src/index.js';
import { type BrokerProcess, startBrokerProcess } from './broker-process.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait.js';
import { TestZooKeeper } from './zookeeper.js';

/** Timeouts short enough that failover tests finish quickly. */
export const FAST_CLUSTER_CONFIG: Record<string, string> = {
  'zookeeper.session.timeout.ms': '3000',
  'replica.lag.time.max.ms': '3000',
  'offsets.topic.replication.factor': '3',
  'transaction.state.log.replication.factor': '3',
  'offsets.topic.num.partitions': '3',
  'transaction.state.log.num.partitions': '3',
  'group.initial.rebalance.delay.ms': '0',
  'controlled.shutdown.retry.backoff.ms': '200',
};

function configFor(
  zk: TestZooKeeper,
  chroot: string,
  id: number,
  extra: Record<string, string>,
): Record<string, string> {
  return {
    ...FAST_CLUSTER_CONFIG,
    ...extra,
    'broker.id': String(id),
    'zookeeper.connect': `${zk.connectString}${chroot}`,
  };
}

export interface InProcessCluster {
  zk: TestZooKeeper;
  brokers: Map<number, Broker>;
  bootstrap: string;
  /** Only the brokers running now (clients that must not start on a stopped one). */
  liveBootstrap: string;
  /** Starts (again) the broker with this id on its own port and dir. */
  startBroker(id: number): Promise<Broker>;
  stopBroker(id: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startInProcessCluster(
  size: number,
  options: { config?: Record<string, string> } = {},
): Promise<InProcessCluster> {
  const zk = await TestZooKeeper.start();
  const chroot = '/samsa';
  const dirs = new Map<number, string>();
  const ports = new Map<number, number>();
  const brokers = new Map<number, Broker>();
  const cluster: InProcessCluster = {
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
        config: configFor(zk, chroot, id, options.config ?? {}),
        logger: process.env.SAMSA_TEST_LOG ?? undefined,
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
    await waitFor(`all ${size} brokers to know each other`, () =>
      [...brokers.values()].every((b) => b.metadata.brokers('PLAINTEXT').length === size),
    );
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

export interface ProcessCluster {
  zk: TestZooKeeper;
  brokers: Map<number, BrokerProcess>;
  ports: Map<number, number>;
  bootstrap: string;
  startBroker(id: number): Promise<BrokerProcess>;
  stop(): Promise<void>;
}

export async function startProcessCluster(
  size: number,
  options: { config?: Record<string, string> } = {},
): Promise<ProcessCluster> {
  const zk = await TestZooKeeper.start();
  const chroot = '/samsa';
  const dirs = new Map<number, string>();
  const ports = new Map<number, number>();
  const brokers = new Map<number, BrokerProcess>();
  const cluster: ProcessCluster = {
    zk,
    brokers,
    ports,
    get bootstrap() {
      return [...ports.values()].map((p) => `127.0.0.1:${p}`).join(',');
    },
    async startBroker(id) {
      if (!dirs.has(id)) dirs.set(id, mkdtempSync(join(tmpdir(), `samsa-cluster-${id}-`)));
      if (!ports.has(id)) ports.set(id, await freePort());
      const extra = Object.entries(configFor(zk, chroot, id, options.config ?? {})).flatMap(([k, v]) => [
        '--override',
        `${k}=${v}`,
      ]);
      const p = await startBrokerProcess(ports.get(id) as number, dirs.get(id) as string, extra);
      brokers.set(id, p);
      return p;
    },
    async stop() {
      for (const b of brokers.values()) {
        b.child.kill('SIGCONT');
        await b.kill('SIGKILL');
      }
      brokers.clear();
      await zk.stop();
      for (const d of dirs.values()) rmSync(d, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(Array.from({ length: size }, (_, i) => cluster.startBroker(i + 1)));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
