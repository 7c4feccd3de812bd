/**
 * A ZooKeeper-coordinated cluster of `bin/samsa broker` children (for kill -9 and SIGSTOP); the
 * in-process one (fast; for behaviour) is `startTestCluster` in `src/testing`. Every broker gets a
 * free port on 127.0.0.1 and its own temp log dir; stop() removes them all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterBrokerConfig, freePort, TestZooKeeper } from '../../src/testing/index.js';
import { type BrokerProcess, startBrokerProcess } from './broker-process.js';

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
      const extra = Object.entries(clusterBrokerConfig({ zk, chroot, brokerId: id, config: options.config })).flatMap(
        ([k, v]) => ['--override', `${k}=${v}`],
      );
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
