/**
 * ACLs in a two-broker cluster with a real ZooKeeper: an ACL created through one broker is written
 * in Kafka's layout (/kafka-acl/Topic/<name>, /kafka-acl-extended/prefixed/Topic/<prefix>, with
 * change notifications under /kafka-acl-changes and /kafka-acl-extended-changes) and enforced by
 * the other broker after its change watch fires; a deletion likewise. Brokers reach each other as
 * User:broker (a super user) through the test principal builder.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { apis, ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import type { PrincipalBuilder } from '../../src/broker-services.js';
import { ZkAclStore } from '../../src/security/authorizer/zk-acl-store.js';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../../src/testing/index.js';
import { ZkClient } from '../../src/zk/zk-client.js';
import { RawClient } from '../support/raw-client.js';
import { waitFor } from '../support/wait.js';

const byClientId: PrincipalBuilder = ({ clientId }) => ({
  type: 'User',
  name: (clientId ?? 'ANONYMOUS').split('-')[0] ?? '',
});

async function produceCode(c: RawClient, topic: string): Promise<number | undefined> {
  const res = await c.request(apis[0], 9, {
    transactionalId: null,
    acks: 1,
    timeoutMs: 5000,
    topicData: [
      {
        name: topic,
        partitionData: [{ index: 0, records: encodeRecordBatch({ records: [{ value: Buffer.from('v') }] }) }],
      },
    ],
  });
  return res.responses[0]?.partitionResponses[0]?.errorCode;
}

const createAcl = (name: string, patternType: number) => ({
  creations: [
    {
      resourceType: 2,
      resourceName: name,
      resourcePatternType: patternType,
      principal: 'User:alice',
      host: '*',
      operation: 4,
      permissionType: 3,
    },
  ],
});

describe('ACLs in a cluster', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;
  let zk: ZkClient;

  before(async () => {
    cluster = await startTestCluster({
      brokers: 2,
      config: {
        'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        'super.users': 'User:broker;User:admin',
        'offsets.topic.replication.factor': '2',
        'transaction.state.log.replication.factor': '2',
      },
      principalBuilder: byClientId,
    });
    zk = await ZkClient.connect({ connect: `${cluster.zk.connectString}/samsa`, sessionTimeoutMs: 6000 });
    const admin = new Admin({ bootstrapServers: cluster.bootstrap, clientId: 'admin', logger: silentLogger });
    try {
      await admin.createTopics([{ name: 'shared', numPartitions: 1, replicationFactor: 2 }]);
    } finally {
      await admin.close();
    }
  });
  after(async () => {
    zk?.close();
    await cluster?.stop();
  });

  it('an ACL created on one broker is enforced by the other, and is stored in Kafka’s ZooKeeper layout', async () => {
    const [one, two] = [cluster.brokers.get(1), cluster.brokers.get(2)];
    assert.ok(one && two);
    // The partition's leader is the broker that must enforce; create the ACL on the other one.
    const leaderId = one.metadata.topic('shared')?.partitions[0]?.leaderId;
    const leader = leaderId === 1 ? one : two;
    const other = leaderId === 1 ? two : one;
    const adminOnOther = await RawClient.open(other.port, 'admin');
    const aliceOnLeader = await RawClient.open(leader.port, 'alice');
    try {
      assert.equal(await produceCode(aliceOnLeader, 'shared'), ErrorCode.TOPIC_AUTHORIZATION_FAILED);
      const created = await adminOnOther.request(apis[30], 3, createAcl('shared', 3));
      assert.equal(created.results[0]?.errorCode, ErrorCode.NONE);
      const started = Date.now();
      await waitFor(
        'the leader to allow alice',
        async () => (await produceCode(aliceOnLeader, 'shared')) === ErrorCode.NONE,
        10_000,
      );
      const propagationMs = Date.now() - started;
      process.stdout.write(`# ACL change applied by the other broker after ${propagationMs} ms\n`);

      const znode = JSON.parse((await zk.get('/kafka-acl/Topic/shared')).data.toString('utf8'));
      assert.deepEqual(znode, {
        version: 1,
        acls: [{ principal: 'User:alice', permissionType: 'Allow', operation: 'Write', host: '*' }],
      });
      const changes = await zk.children('/kafka-acl-changes');
      assert.ok(
        changes.some((c) => /^acl_changes_\d{10}$/.test(c)),
        changes.join(','),
      );
      const change = changes.sort().at(-1) as string;
      assert.equal((await zk.get(`/kafka-acl-changes/${change}`)).data.toString('utf8'), 'TOPIC:shared');

      // A PREFIXED ACL goes to the extended tree with a JSON change event.
      const prefixed = await adminOnOther.request(apis[30], 3, createAcl('sha', 4));
      assert.equal(prefixed.results[0]?.errorCode, ErrorCode.NONE);
      assert.equal(
        JSON.parse((await zk.get('/kafka-acl-extended/prefixed/Topic/sha')).data.toString('utf8')).acls[0].operation,
        'Write',
      );
      const ext = (await zk.children('/kafka-acl-extended-changes')).sort().at(-1) as string;
      assert.deepEqual(JSON.parse((await zk.get(`/kafka-acl-extended-changes/${ext}`)).data.toString('utf8')), {
        version: 1,
        resourceType: 'TOPIC',
        name: 'sha',
        patternType: 'PREFIXED',
      });

      // Deleting both through the other broker: the leader refuses alice again.
      const deleted = await adminOnOther.request(apis[31], 3, {
        filters: [
          {
            resourceTypeFilter: 2,
            resourceNameFilter: null,
            patternTypeFilter: 1,
            principalFilter: 'User:alice',
            hostFilter: null,
            operation: 1,
            permissionType: 1,
          },
        ],
      });
      assert.equal(deleted.filterResults[0]?.matchingAcls.length, 2);
      await waitFor(
        'the leader to refuse alice again',
        async () => (await produceCode(aliceOnLeader, 'shared')) === ErrorCode.TOPIC_AUTHORIZATION_FAILED,
        10_000,
      );
      assert.equal(await zk.exists('/kafka-acl/Topic/shared'), null);
    } finally {
      adminOnOther.close();
      aliceOnLeader.close();
    }
  });

  it('applied change notifications are purged once expired (Kafka keeps them 15 minutes)', async () => {
    assert.ok((await zk.children('/kafka-acl-changes')).length >= 2);
    // A store whose notifications expire at once: the next change it sees purges the old ones.
    const store = new ZkAclStore(zk, silentLogger, 0);
    await store.load();
    try {
      await store.update({ resourceType: 2, name: 'purge-me', patternType: 3 }, () => [
        { principal: 'User:x', host: '*', operation: 3, permissionType: 3 },
      ]);
      await waitFor(
        'old notifications to be purged',
        async () => (await zk.children('/kafka-acl-changes')).length === 0,
        10_000,
      );
    } finally {
      store.close();
    }
  });
});
