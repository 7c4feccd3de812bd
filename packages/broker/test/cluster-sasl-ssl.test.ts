/**
 * Three brokers (real ZooKeeper) whose inter-broker listener is SASL_SSL with SCRAM-SHA-512: the
 * controller's channel, the replica fetchers and AlterPartition authenticate as User:broker with
 * the credential bootstrapped from config, read from the listener's JAAS config. The listener
 * offers nothing else, so an unauthenticated broker connection could not replicate; a topic with
 * three replicas takes acks=all writes and keeps all three in sync.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { createTestCa, type TestCa } from '@samsa/test-kit';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { waitFor } from './support/wait.js';

describe(
  'a cluster replicating over a SASL_SSL inter-broker listener',
  { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' },
  () => {
    let ca: TestCa;
    let cluster: TestCluster;

    before(async () => {
      ca = createTestCa();
      const store = join(ca.dir, 'broker-store.pem');
      writeFileSync(store, ca.read(ca.server.key) + ca.read(ca.server.cert));
      cluster = await startTestCluster({
        brokers: 3,
        config: {
          listeners: 'PLAINTEXT://127.0.0.1:0,INTERNAL://127.0.0.1:0',
          'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,INTERNAL:SASL_SSL',
          'inter.broker.listener.name': 'INTERNAL',
          'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
          'listener.name.internal.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
          'listener.name.internal.scram-sha-512.sasl.jaas.config':
            'org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="broker-secret";',
          'samsa.scram.bootstrap.credentials': 'SCRAM-SHA-512=[name=broker,iterations=4096,password=broker-secret]',
          'listener.name.internal.ssl.keystore.type': 'PEM',
          'listener.name.internal.ssl.keystore.location': store,
          'listener.name.internal.ssl.truststore.type': 'PEM',
          'listener.name.internal.ssl.truststore.location': ca.caCert,
        },
      });
    });
    after(async () => {
      await cluster?.stop();
      ca?.remove();
    });

    it('replicates acks=all writes to every replica, brokers authenticated with SCRAM over TLS', async () => {
      const admin = new Admin({ bootstrapServers: cluster.liveBootstrap, logger: silentLogger });
      const producer = new Producer({ bootstrapServers: cluster.liveBootstrap, acks: 'all', logger: silentLogger });
      try {
        await admin.createTopics([{ name: 'replicated', numPartitions: 2, replicationFactor: 3 }]);
        for (let i = 0; i < 20; i++) await producer.send({ topic: 'replicated', key: `k${i}`, value: `v${i}` });
        await waitFor('all replicas in sync', async () => {
          const [d] = await admin.describeTopics(['replicated']);
          return d?.partitions.every((p) => p.isr.length === 3) ?? false;
        });
        const ends = [...cluster.brokers.values()].map((b) =>
          [0, 1].map((p) => b.logs.getLog('replicated', p)?.logEndOffset).join(','),
        );
        assert.equal(new Set(ends).size, 1, `log end offsets differ: ${ends.join(' / ')}`);
        assert.equal(
          [0, 1].reduce((n, p) => n + Number(cluster.brokers.get(1)?.logs.getLog('replicated', p)?.logEndOffset), 0),
          20,
        );
      } finally {
        await producer.close();
        await admin.close();
      }
    });
  },
);
