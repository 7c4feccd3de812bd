/**
 * Samsa for the e2e scenarios, in this process: one broker, or three brokers coordinated by a real
 * ZooKeeper (@samsa/broker/testing's cluster) with the internal topics replicated three times.
 * Every broker listens on a free 127.0.0.1 port with its own temp log dir; stop() removes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Broker, startBroker } from '@samsa/broker';
import { startTestCluster } from '@samsa/broker/testing';

export interface SamsaUnderTest {
  bootstrap: string;
  brokers: Broker[];
  /** The replication factor a framework should ask for its internal topics. */
  replicationFactor: number;
  stop(): Promise<void>;
}

/** What both shapes share: no initial rebalance delay, prompt aborts of timed-out transactions. */
const COMMON_CONFIG: Record<string, string> = {
  'group.initial.rebalance.delay.ms': '0',
  'transaction.abort.timed.out.transaction.cleanup.interval.ms': '1000',
};

export async function startSingleBroker(config: Record<string, string> = {}): Promise<SamsaUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-broker-'));
  try {
    const broker = await startBroker({
      logDirs: dir,
      config: { ...COMMON_CONFIG, ...config },
      logger: process.env.SAMSA_TEST_LOG ?? undefined,
    });
    return {
      bootstrap: broker.bootstrapServers,
      brokers: [broker],
      replicationFactor: 1,
      async stop() {
        await broker.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Three brokers (ids 1-3) on a real ZooKeeper; the internal topics get three replicas. */
export async function startThreeBrokerCluster(config: Record<string, string> = {}): Promise<SamsaUnderTest> {
  const cluster = await startTestCluster({
    brokers: 3,
    config: {
      ...COMMON_CONFIG,
      'offsets.topic.num.partitions': '6',
      'transaction.state.log.num.partitions': '6',
      'transaction.state.log.min.isr': '2',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      ...config,
    },
  });
  return {
    bootstrap: cluster.bootstrap,
    brokers: [...cluster.brokers.values()],
    replicationFactor: 3,
    stop: () => cluster.stop(),
  };
}
