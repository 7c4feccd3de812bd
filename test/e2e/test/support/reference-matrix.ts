/**
 * The cross-client conformance matrix (issue 16), one shape of Samsa at a time: the scenarios each
 * reference client runs against it (see reference-clients.test.ts for the list), every client in
 * as few processes as it allows, one Samsa shared by all of them. Each shape is its own test file,
 * so the two run in separate processes and each stays within the per-file time limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectSuccess, goDriver, KAFKA_VERSIONS, referencesMissing } from '@samsa/test-kit';
import { topicShapes } from './internal-topics.js';
import { assertJavaScenarios, runJavaScenarios } from './java-client-scenarios.js';
import { assertConfluentGroupsAdmin, runPythonScript } from './python-scenarios.js';
import type { SamsaUnderTest } from './samsa-cluster.js';
import {
  assertAdminRows,
  assertCooperativeStatic,
  assertScenario,
  assertTransactions,
  COUNT,
  type CooperativeStaticResult,
  type DriverResult,
  PARTITIONS,
  type TxnResult,
} from './scenario-results.js';

const skip = referencesMissing();
export const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Codec = (typeof CODECS)[number];
export interface Shape {
  name: string;
  start: () => Promise<SamsaUnderTest>;
  /** Codecs per client: all of them on one broker, one each on the cluster to bound the time. */
  codecs: { franz: readonly Codec[]; sarama: readonly Codec[]; python: readonly Codec[]; java: readonly Codec[] };
}

export function referenceMatrix(shape: Shape): void {
  describe(`reference clients against ${shape.name}`, { skip, timeout: 600_000 }, () => {
    let samsa: SamsaUnderTest;
    let bootstrap: string;
    let rf: string;
    before(async () => {
      samsa = await shape.start();
      bootstrap = samsa.bootstrap;
      rf = String(samsa.replicationFactor);
    });
    after(async () => {
      await samsa?.stop();
    });

    for (const driver of ['franz', 'sarama'] as const) {
      for (const codec of shape.codecs[driver]) {
        it(`${driver}: keyed records with ${codec} compression, consumed in a group and committed`, async () => {
          const topic = `${driver}-${codec}`;
          const r = expectSuccess(
            await goDriver(driver, [
              '-bootstrap',
              bootstrap,
              '-topic',
              topic,
              '-count',
              String(COUNT),
              '-partitions',
              String(PARTITIONS),
              '-replication-factor',
              rf,
              '-compression',
              codec,
              '-group',
              `${topic}-group`,
            ]),
            `${driver} ${codec}`,
          );
          assertScenario(JSON.parse(r.stdout) as DriverResult, `${driver} ${codec}`);
        });
      }
    }

    it('franz-go: an aborted and a committed transaction, read_committed sees only the committed', async () => {
      const r = expectSuccess(
        await goDriver('franz', [
          '-bootstrap',
          bootstrap,
          '-topic',
          'franz-txn',
          '-count',
          String(COUNT),
          '-partitions',
          String(PARTITIONS),
          '-replication-factor',
          rf,
          '-transactional-id',
          'franz-txn-id',
        ]),
        'franz transactions',
      );
      assertTransactions(JSON.parse(r.stdout) as TxnResult, 'franz transactions');
    });

    it('franz-go kadm: the admin rows', async () => {
      const r = expectSuccess(
        await goDriver('franz', [
          '-bootstrap',
          bootstrap,
          '-topic',
          'franz',
          '-replication-factor',
          rf,
          '-scenario',
          'admin',
        ]),
        'franz admin',
      );
      assertAdminRows(JSON.parse(r.stdout), {
        // kadm answers a time after every record with the end offset itself (the broker says -1).
        offsetForLateTime: 20,
        describedPartitions: 3,
        brokers: samsa.brokers.length,
        replicationFactor: samsa.replicationFactor,
      });
    });

    it('franz-go cooperative-sticky and static members; sarama static members (eager), side by side', async () => {
      const common = ['-bootstrap', bootstrap, '-replication-factor', rf];
      const [franz, sarama] = await Promise.all([
        goDriver('franz', [...common, '-topic', 'franz', '-scenario', 'groups'], 120_000),
        goDriver('sarama', [...common, '-topic', 'sarama', '-scenario', 'static'], 120_000),
      ]);
      const f = JSON.parse(expectSuccess(franz, 'franz groups').stdout) as CooperativeStaticResult & {
        firstMaxRevoked: number;
      };
      assertCooperativeStatic(f, 'franz-go');
      assert.equal(f.firstMaxRevoked, 2, `franz-go cooperative-sticky: ${JSON.stringify(f)}`);
      assertCooperativeStatic(JSON.parse(expectSuccess(sarama, 'sarama static').stdout), 'sarama');
    });

    it('sarama: an aborted and a committed transaction, read_committed sees only the committed', async () => {
      const r = expectSuccess(
        await goDriver('sarama', [
          '-bootstrap',
          bootstrap,
          '-topic',
          'sarama-txn',
          '-count',
          String(COUNT),
          '-partitions',
          String(PARTITIONS),
          '-replication-factor',
          rf,
          '-transactional-id',
          'sarama-txn-id',
        ]),
        'sarama transactions',
      );
      assertTransactions(JSON.parse(r.stdout) as TxnResult, 'sarama transactions');
    });

    it('confluent-kafka 2.x (current librdkafka): keyed records per codec, murmur2_random partitioning, a group commit', async () => {
      const codecs = shape.codecs.python;
      const results = (await runPythonScript(
        'confluent_codecs.py',
        [bootstrap, String(COUNT), String(PARTITIONS), rf, codecs.join(',')],
        240_000,
      )) as Record<string, DriverResult>;
      assert.deepEqual(Object.keys(results), [...codecs]);
      for (const codec of codecs) assertScenario(results[codec] as DriverResult, `confluent-kafka ${codec}`);
    });

    it('confluent-kafka 2.x: an aborted and a committed transaction, read_committed sees only the committed', async () => {
      const r = await runPythonScript('confluent_transactions.py', [bootstrap, String(COUNT), String(PARTITIONS), rf]);
      assertTransactions(r as TxnResult, 'confluent-kafka transactions');
    });

    it('confluent-kafka 2.x: cooperative-sticky and static members, then the AdminClient rows', async () => {
      const r = await runPythonScript('confluent_groups_admin.py', [bootstrap, 'confluent', rf]);
      assertConfluentGroupsAdmin(r as Parameters<typeof assertConfluentGroupsAdmin>[0], {
        brokers: samsa.brokers.length,
        replicationFactor: samsa.replicationFactor,
      });
    });

    it('kafka-python 2.2: an aborted and a committed transaction, read_committed sees only the committed', async () => {
      const r = await runPythonScript('kafka_python_transactions.py', [
        bootstrap,
        String(COUNT),
        String(PARTITIONS),
        rf,
      ]);
      assertTransactions(r as TxnResult, 'kafka-python transactions');
    });

    it('kafka-python 2.2: keyed records, a group, a commit', async () => {
      const r = await runPythonScript('kafka_python_codecs.py', [bootstrap, String(COUNT), String(PARTITIONS), rf]);
      assertScenario(r as DriverResult, 'kafka-python');
    });

    for (const version of KAFKA_VERSIONS) {
      it(`Java client ${version}: codecs, transactions, cooperative-sticky and static members, the admin rows`, async () => {
        const prefix = `java-${version.replaceAll('.', '-')}`;
        const pagesBefore = describeTopicPartitionsRequests(samsa);
        const run = await runJavaScenarios({
          version,
          bootstrap,
          prefix,
          replicationFactor: samsa.replicationFactor,
          codecs: shape.codecs.java,
        });
        assertJavaScenarios(run, {
          prefix,
          codecs: shape.codecs.java,
          brokers: samsa.brokers.length,
          replicationFactor: samsa.replicationFactor,
        });
        // describeTopics of a 3- and a 4-partition topic, one partition per response: seven pages
        // of DescribeTopicPartitions (KIP-966), not one Metadata request.
        assert.ok(describeTopicPartitionsRequests(samsa) - pagesBefore >= 7, 'admin paged DescribeTopicPartitions');
        if (samsa.brokers.length === 1) {
          // Kafka's clients warn about what they find wrong in a broker's answers (unsupported
          // versions, telemetry, features): against one healthy broker they have nothing to say.
          assert.deepEqual(
            run.log.split('\n').filter((l) => / (WARN|ERROR) /.test(l)),
            [],
            'the Java client logged no warning or error',
          );
        }
      });
    }

    it('every topic the clients created has the partitions and replication factor they asked for', async () => {
      const topics = [
        ...shape.codecs.franz.map((c) => `franz-${c}`),
        ...shape.codecs.sarama.map((c) => `sarama-${c}`),
        ...shape.codecs.python.map((c) => `confluent-${c}`),
        'franz-txn',
        'sarama-txn',
        'confluent-txn',
        'kafka-python',
        'kafka-python-txn',
        ...KAFKA_VERSIONS.flatMap((v) => {
          const prefix = `java-${v.replaceAll('.', '-')}`;
          return [...shape.codecs.java.map((c) => `${prefix}-${c}`), `${prefix}-txn`];
        }),
      ];
      const shapes = await topicShapes(bootstrap, topics);
      for (const topic of topics) {
        assert.equal(shapes[topic]?.partitions, PARTITIONS, `${topic}: partitions`);
        assert.deepEqual(shapes[topic]?.replicas, [samsa.replicationFactor], `${topic}: replicas of every partition`);
      }
    });
  });
}

function describeTopicPartitionsRequests(samsa: SamsaUnderTest): number {
  return samsa.brokers.reduce((sum, b) => sum + (b.requestProbe.requests[75] ?? 0), 0);
}
