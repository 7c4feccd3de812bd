/**
 * SCRAM credentials in cluster mode: AlterUserScramCredentials on one broker writes Kafka's
 * layout (/config/users/<user>, key SCRAM-SHA-256 → salt=...,stored_key=...,server_key=...,
 * iterations=...), every other broker sees it through its watch, a quota set for the same user
 * keeps the credential (and the credential the quota), a deletion reaches every broker, and a
 * restarted broker reads credentials back from ZooKeeper.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@samsa/client';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { ZkClient } from '../src/zk/zk-client.js';
import { waitFor } from './support/wait.js';

describe('SCRAM credentials over ZooKeeper', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;
  let zk: ZkClient;
  let admin: Admin;

  before(async () => {
    cluster = await startTestCluster({ brokers: 2 });
    zk = await ZkClient.connect({ connect: `${cluster.zk.connectString}/samsa`, sessionTimeoutMs: 6000 });
    admin = new Admin({ bootstrapServers: cluster.brokers.get(1)?.bootstrapServers ?? '', requestTimeoutMs: 10_000 });
  });
  after(async () => {
    await admin?.close();
    zk?.close();
    await cluster?.stop();
  });

  const readUser = async (user: string) =>
    JSON.parse((await zk.get(`/config/users/${user}`)).data.toString()) as {
      version: number;
      config: Record<string, string>;
    };

  it('stores credentials in Kafka’s layout, seen by every broker, beside the user’s quotas', async () => {
    await admin.alterUserScramCredentials([
      {
        type: 'upsertion',
        user: 'alice',
        info: { mechanism: 'SCRAM-SHA-256', iterations: 8192 },
        password: 'alice-secret',
      },
    ]);
    const node = await readUser('alice');
    assert.equal(node.version, 1);
    assert.match(
      node.config['SCRAM-SHA-256'] ?? '',
      /^salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/=]+,server_key=[A-Za-z0-9+/=]+,iterations=8192$/,
    );
    assert.ok(!JSON.stringify(node).includes('alice-secret'));
    await waitFor(
      'broker 2 to see alice',
      () => cluster.brokers.get(2)?.scram.get('alice', 'SCRAM-SHA-256') !== undefined,
    );

    await admin.alterClientQuotas([{ entity: { user: 'alice' }, quotas: { producer_byte_rate: 1024 } }]);
    const both = await readUser('alice');
    assert.equal(both.config.producer_byte_rate, '1024');
    assert.ok(both.config['SCRAM-SHA-256'], 'a quota write keeps the credential');
    await admin.alterUserScramCredentials([
      {
        type: 'upsertion',
        user: 'alice',
        info: { mechanism: 'SCRAM-SHA-512', iterations: 4096 },
        password: 'alice-secret',
      },
    ]);
    assert.equal((await readUser('alice')).config.producer_byte_rate, '1024', 'a credential write keeps the quota');
    const quotas = await admin.describeClientQuotas({ components: [{ entityType: 'user', match: 'alice' }] });
    assert.deepEqual(quotas, [{ entity: { user: 'alice' }, quotas: { producer_byte_rate: 1024 } }]);
  });

  it('propagates deletions and survives a broker restart', async () => {
    await admin.alterUserScramCredentials([{ type: 'deletion', user: 'alice', mechanism: 'SCRAM-SHA-256' }]);
    await waitFor(
      'broker 2 to drop alice’s SCRAM-SHA-256',
      () => cluster.brokers.get(2)?.scram.get('alice', 'SCRAM-SHA-256') === undefined,
    );
    await cluster.stopBroker(2);
    const b2 = await cluster.startBroker(2);
    assert.ok(b2.scram.get('alice', 'SCRAM-SHA-512'), 'read back from ZooKeeper at start');
    assert.equal(b2.scram.get('alice', 'SCRAM-SHA-256'), undefined);
  });
});
