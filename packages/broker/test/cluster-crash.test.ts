/**
 * Crashes with Kafka's default timeouts (zookeeper.session.timeout.ms=18000,
 * replica.lag.time.max.ms=30000): kill -9 of a leader, then of the controller, under an acks=all
 * idempotent workload. The ZooKeeper session of a killed broker would only expire after 18 s;
 * writes resume sooner because a port that refuses connections tells the controller (and, for the
 * controller itself, every other broker) that the process is gone. The stalls are printed for the
 * record; the test asserts that writes resume (bounded) and that the checker finds nothing wrong.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Admin } from '@samsa/client';
import { zookeeperAvailable } from '../src/testing/index.js';
import { type ProcessCluster, startProcessCluster } from './support/cluster.js';
import { startReplicatedWorkload, type Workload } from './support/cluster-workload.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'crash';
const PARTITIONS = 3;

describe(
  'crashes with default timeouts',
  { skip: !zookeeperAvailable() && 'ZooKeeper is not installed', timeout: 150_000 },
  () => {
    let cluster: ProcessCluster;
    let admin: Admin;
    let workload: Workload;
    const stalls: Record<string, number> = {};

    before(async () => {
      cluster = await startProcessCluster(3, {
        config: { 'zookeeper.session.timeout.ms': '18000', 'replica.lag.time.max.ms': '30000' },
      });
      ({ admin, workload } = await startReplicatedWorkload(cluster.bootstrap, TOPIC, PARTITIONS, { brokers: 3 }));
    });

    after(async () => {
      await workload?.stop().catch(() => {});
      await admin?.close();
      await cluster?.stop();
      process.stdout.write(`# write stalls with default timeouts (ms): ${JSON.stringify(stalls)}\n`);
    });

    async function state() {
      const controller = (await admin.describeCluster({ timeoutMs: 3000 }).catch(() => null))?.controllerId ?? -1;
      const [d] = await admin.describeTopics([TOPIC], { timeoutMs: 3000 }).catch(() => []);
      return { controller, partitions: d?.partitions ?? [] };
    }

    async function killAndRecover(pick: (s: Awaited<ReturnType<typeof state>>) => number, what: string): Promise<void> {
      let victim = -1;
      await waitFor(`a broker to kill (${what})`, async () => {
        victim = pick(await state());
        return victim > 0 && cluster.brokers.has(victim);
      });
      const t0 = Date.now();
      await cluster.brokers.get(victim)?.kill('SIGKILL');
      cluster.brokers.delete(victim);
      await waitFor(
        `writes on every partition after ${what}`,
        () => new Set(workload.acks.filter((a) => a.at > t0).map((a) => a.partition)).size === PARTITIONS,
        40_000,
      );
      stalls[what] = workload.longestStallSince(t0);
      await cluster.startBroker(victim);
      await waitFor(
        'every replica back in sync',
        async () => (await state()).partitions.every((p) => p.isr.length === 3),
        60_000,
      );
    }

    it('kill -9 of a leader that is not the controller', async () => {
      await killAndRecover(
        (s) => s.partitions.find((p) => p.leader !== s.controller && p.leader > 0)?.leader ?? -1,
        'kill -9 leader',
      );
    });

    it('kill -9 of the controller', async () => {
      await killAndRecover((s) => s.controller, 'kill -9 controller');
    });

    it('the checker finds every acknowledged write once, in order, and no read that vanished', async () => {
      await workload.stop();
      const { problems } = await workload.check();
      assert.deepEqual(problems.slice(0, 20), []);
    });
  },
);
