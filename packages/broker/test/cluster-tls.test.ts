/**
 * Three brokers (real ZooKeeper) whose inter-broker listener is SSL with mutual TLS: the
 * controller's requests, the replica fetchers and AlterPartition all go over TLS, so a topic with
 * three replicas takes acks=all writes and keeps all three in sync. Clients use the PLAINTEXT
 * listener and are told only its endpoints; a client on the INTERNAL listener is told INTERNAL's.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { createTestCa, type TestCa } from '@samsa/test-kit';
import { startTestCluster, type TestCluster } from '../src/testing/index.js';
import { waitFor } from './support/wait.js';

describe('a cluster replicating over an SSL inter-broker listener', () => {
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
        'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,INTERNAL:SSL',
        'inter.broker.listener.name': 'INTERNAL',
        'listener.name.internal.ssl.keystore.type': 'PEM',
        'listener.name.internal.ssl.keystore.location': store,
        'listener.name.internal.ssl.truststore.type': 'PEM',
        'listener.name.internal.ssl.truststore.location': ca.caCert,
        'listener.name.internal.ssl.client.auth': 'required',
      },
    });
  });
  after(async () => {
    await cluster?.stop();
    ca?.remove();
  });

  it('replicates acks=all writes to every replica over TLS', async () => {
    const admin = new Admin({ bootstrapServers: cluster.liveBootstrap, logger: silentLogger });
    const producer = new Producer({ bootstrapServers: cluster.liveBootstrap, acks: 'all', logger: silentLogger });
    try {
      const plainPorts = [...cluster.brokers.values()].map((b) => b.listenerPort('PLAINTEXT')).sort();
      assert.deepEqual((await admin.describeCluster()).brokers.map((b) => b.port).sort(), plainPorts);
      await admin.createTopics([{ name: 'replicated', numPartitions: 2, replicationFactor: 3 }]);
      for (let i = 0; i < 20; i++) await producer.send({ topic: 'replicated', key: `k${i}`, value: `v${i}` });
      await waitFor('all replicas in sync', async () => {
        const [d] = await admin.describeTopics(['replicated']);
        return d?.partitions.every((p) => p.isr.length === 3) ?? false;
      });
      // Every follower has every record: the replica fetchers read them over TLS.
      for (const b of cluster.brokers.values()) {
        for (const partition of [0, 1]) {
          const log = b.logs.getLog('replicated', partition);
          assert.ok(log, `broker ${b.brokerId} has a replica of partition ${partition}`);
        }
      }
      const ends = [...cluster.brokers.values()].map((b) =>
        [0, 1].map((p) => b.logs.getLog('replicated', p)?.logEndOffset).join(','),
      );
      assert.equal(new Set(ends).size, 1, `log end offsets differ: ${ends.join(' / ')}`);
    } finally {
      await producer.close();
      await admin.close();
    }
  });
});
