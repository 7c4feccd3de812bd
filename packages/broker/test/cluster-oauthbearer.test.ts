/**
 * Two brokers (real ZooKeeper) whose inter-broker listener is SASL_PLAINTEXT offering only
 * OAUTHBEARER with KIP-768's JWKS validator: each broker logs in to the others with the OIDC
 * client-credentials login (sasl.login.callback.handler.class, sasl.oauthbearer.token.endpoint.url,
 * clientId/clientSecret in the listener's JAAS config) against an in-process test IdP, so the
 * controller's requests and the replica fetchers authenticate with tokens; a topic with two
 * replicas takes acks=all writes and keeps both in sync.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { TestIdp } from '@samsa/test-kit';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { waitFor } from './support/wait.js';

describe(
  'a cluster whose brokers authenticate to each other with OAUTHBEARER',
  { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' },
  () => {
    let idp: TestIdp;
    let cluster: TestCluster;

    before(async () => {
      idp = await TestIdp.start({ audience: 'kafka', clients: { broker: { secret: 'broker-secret' } } });
      cluster = await startTestCluster({
        brokers: 2,
        config: {
          listeners: 'PLAINTEXT://127.0.0.1:0,INTERNAL://127.0.0.1:0',
          'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,INTERNAL:SASL_PLAINTEXT',
          'inter.broker.listener.name': 'INTERNAL',
          'sasl.mechanism.inter.broker.protocol': 'OAUTHBEARER',
          'listener.name.internal.sasl.enabled.mechanisms': 'OAUTHBEARER',
          'listener.name.internal.oauthbearer.sasl.server.callback.handler.class':
            'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
          'listener.name.internal.oauthbearer.sasl.oauthbearer.jwks.endpoint.url': idp.jwksUrl,
          'listener.name.internal.oauthbearer.sasl.oauthbearer.expected.audience': 'kafka',
          'listener.name.internal.oauthbearer.sasl.login.callback.handler.class':
            'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
          'listener.name.internal.oauthbearer.sasl.oauthbearer.token.endpoint.url': idp.tokenUrl,
          'listener.name.internal.oauthbearer.sasl.jaas.config':
            'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="broker" clientSecret="broker-secret";',
        },
      });
    });
    after(async () => {
      await cluster?.stop();
      await idp?.stop();
    });

    it('replicates acks=all writes, brokers authenticated with tokens from the IdP', async () => {
      const admin = new Admin({ bootstrapServers: cluster.liveBootstrap, logger: silentLogger });
      const producer = new Producer({ bootstrapServers: cluster.liveBootstrap, acks: 'all', logger: silentLogger });
      try {
        await admin.createTopics([{ name: 'replicated', numPartitions: 2, replicationFactor: 2 }]);
        for (let i = 0; i < 10; i++) await producer.send({ topic: 'replicated', key: `k${i}`, value: `v${i}` });
        await waitFor('all replicas in sync', async () => {
          const [d] = await admin.describeTopics(['replicated']);
          return d?.partitions.every((p) => p.isr.length === 2) ?? false;
        });
        const ends = [...cluster.brokers.values()].map((b) =>
          [0, 1].map((p) => b.logs.getLog('replicated', p)?.logEndOffset).join(','),
        );
        assert.equal(new Set(ends).size, 1, `log end offsets differ: ${ends.join(' / ')}`);
        assert.ok(idp.issued >= 2, `the brokers fetched tokens (${idp.issued})`);
      } finally {
        await producer.close();
        await admin.close();
      }
    });
  },
);
