/**
 * Fault tests: ZooKeeper and three `bin/samsa broker` processes, a topic with RF=3 and
 * min.insync.replicas=2, and a workload (acks=all, idempotent) running through a series of faults —
 * kill -9 of a leader, SIGSTOP of a leader for longer than the session timeout, the controller
 * killed during a leader election, a ZooKeeper restart, and a rolling restart of every broker.
 * Afterwards the checker reads everything back: no acknowledged write lost, no duplicate, order
 * kept, nothing read and later lost. Each fault must let writes resume (bounded waits), and the
 * stall each one caused is printed for the record.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Admin } from '@samsa/client';
import { zookeeperAvailable } from '../src/testing/index.js';
import { type ProcessCluster, startProcessCluster } from './support/cluster.js';
import { startReplicatedWorkload, type Workload } from './support/cluster-workload.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'jepsen';
const PARTITIONS = 3;
const SESSION_TIMEOUT_MS = 3000;

describe(
  'cluster under faults',
  { skip: !zookeeperAvailable() && 'ZooKeeper is not installed', timeout: 170_000 },
  () => {
    let cluster: ProcessCluster;
    let admin: Admin;
    let workload: Workload;
    const stalls: Record<string, number> = {};

    before(async () => {
      cluster = await startProcessCluster(3, {
        config: { 'zookeeper.session.timeout.ms': String(SESSION_TIMEOUT_MS) },
      });
      ({ admin, workload } = await startReplicatedWorkload(cluster.bootstrap, TOPIC, PARTITIONS, { brokers: 3 }));
    });

    after(async () => {
      await workload?.stop().catch(() => {});
      await admin?.close();
      await cluster?.stop();
      process.stdout.write(`# write stalls per fault (ms): ${JSON.stringify(stalls)}\n`);
    });

    /** The topic's partitions, or none while the broker asked is unreachable or restarting (callers poll). */
    async function describe(): Promise<Array<{ partition: number; leader: number; isr: number[] }>> {
      const [d] = await admin.describeTopics([TOPIC], { timeoutMs: 3000 }).catch(() => []);
      return d?.partitions ?? [];
    }

    async function leaderOf(partition: number): Promise<number> {
      let leader = -1;
      await waitFor(`a leader for partition ${partition}`, async () => {
        leader = (await describe()).find((p) => p.partition === partition)?.leader ?? -1;
        return leader > 0 && cluster.brokers.has(leader);
      });
      return leader;
    }

    async function fullIsr(): Promise<void> {
      await waitFor(
        'every replica back in sync',
        async () => (await describe()).every((p) => p.isr.length === 3),
        60_000,
      );
    }

    /** Writes must resume on every partition: wait for fresh acks from each. */
    async function writesResume(since: number, what: string): Promise<void> {
      await waitFor(
        `writes to resume on every partition after ${what}`,
        () => new Set(workload.acks.filter((a) => a.at > since).map((a) => a.partition)).size === PARTITIONS,
        60_000,
      );
      await workload.waitForAcks(200, 60_000);
      stalls[what] = workload.longestStallSince(since);
    }

    it('kill -9 of a leader: a new leader from the ISR takes over', async () => {
      const victim = await leaderOf(0);
      const t0 = Date.now();
      await cluster.brokers.get(victim)?.kill('SIGKILL');
      cluster.brokers.delete(victim);
      await writesResume(t0, 'kill -9 leader');
      await waitFor('a new leader for partition 0', async () => (await leaderOf(0)) !== victim);
      await cluster.startBroker(victim);
      await fullIsr();
    });

    it('SIGSTOP of a leader past the session timeout, then SIGCONT', async () => {
      const victim = await leaderOf(1);
      const proc = cluster.brokers.get(victim);
      const t0 = Date.now();
      proc?.child.kill('SIGSTOP');
      await writesResume(t0, 'SIGSTOP leader');
      await new Promise((r) => setTimeout(r, SESSION_TIMEOUT_MS));
      proc?.child.kill('SIGCONT');
      await fullIsr();
    });

    it('the controller killed during a leader election', async () => {
      let controllerId = -1;
      await waitFor('the controller id', async () => {
        controllerId = await admin.describeCluster({ timeoutMs: 3000 }).then(
          (c) => c.controllerId,
          () => -1,
        );
        return controllerId > 0;
      });
      const victim = await leaderOf(2);
      const t0 = Date.now();
      await cluster.brokers.get(victim)?.kill('SIGKILL');
      cluster.brokers.delete(victim);
      if (controllerId !== victim && cluster.brokers.has(controllerId)) {
        await cluster.brokers.get(controllerId)?.kill('SIGKILL');
        cluster.brokers.delete(controllerId);
      }
      // With one broker left, min.insync.replicas=2 refuses acks=all writes: bring one back first.
      await cluster.startBroker(victim);
      await writesResume(t0, 'controller killed during election');
      for (const id of [1, 2, 3]) if (!cluster.brokers.has(id)) await cluster.startBroker(id);
      await fullIsr();
    });

    it('ZooKeeper restarted under the running brokers', async () => {
      const t0 = Date.now();
      await cluster.zk.restart();
      await workload.waitForAcks(500, 60_000);
      stalls['ZooKeeper restart'] = workload.longestStallSince(t0);
      await fullIsr();
    });

    it('rolling restart of every broker (SIGTERM: controlled shutdown)', async () => {
      for (const id of [1, 2, 3]) {
        const t0 = Date.now();
        await cluster.brokers.get(id)?.kill('SIGTERM');
        cluster.brokers.delete(id);
        await writesResume(t0, `rolling restart of broker ${id}`);
        await cluster.startBroker(id);
        await fullIsr();
      }
    });

    it('the checker finds every acknowledged write, once, in order, and nothing read was lost', async () => {
      await workload.stop();
      const { problems, records } = await workload.check();
      process.stdout.write(
        `# acked ${workload.acked}, failed ${workload.failed.length}, records in log ${records}, problems ${problems.length}\n`,
      );
      assert.deepEqual(problems.slice(0, 20), []);
      assert.ok(workload.acked > 2000, `the workload made progress (${workload.acked} acks)`);
    });
  },
);
