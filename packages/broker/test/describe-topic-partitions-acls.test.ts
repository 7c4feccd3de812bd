/**
 * DescribeTopicPartitions under Kafka's ACL authorizer, as Kafka's handler answers it: a listing
 * of all topics leaves out those the principal may not DESCRIBE; a named one it may not DESCRIBE is
 * TOPIC_AUTHORIZATION_FAILED with the zero topic id, appended after the described ones, whether
 * or not it exists (which reveals nothing); a described topic carries the operations allowed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, silentLogger } from '@samsa/client';
import { apis, ErrorCode } from '@samsa/protocol';
import type { PrincipalBuilder } from '../src/broker-services.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

/** The principal is the client id: "alice" is User:alice. */
const byClientId: PrincipalBuilder = ({ clientId }) => ({ type: 'User', name: clientId ?? 'ANONYMOUS' });
const DESCRIBE_BIT = 1 << 8;

describe('DescribeTopicPartitions with ACLs', () => {
  let fx: TestBroker;
  let alice: RawClient;

  before(async () => {
    fx = await startTestBroker({
      config: {
        'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
        'super.users': 'User:admin',
        'offsets.topic.num.partitions': 1,
      },
      principalBuilder: byClientId,
    });
    const admin = new Admin({ bootstrapServers: fx.bootstrap, clientId: 'admin', logger: silentLogger });
    try {
      await admin.createTopics([
        { name: 'visible', numPartitions: 2 },
        { name: 'hidden', numPartitions: 1 },
      ]);
      await admin.createAcls([
        {
          pattern: { resourceType: 'TOPIC', name: 'visible', patternType: 'LITERAL' },
          entry: { principal: 'User:alice', host: '*', operation: 'DESCRIBE', permissionType: 'ALLOW' },
        },
      ]);
    } finally {
      await admin.close();
    }
    alice = await RawClient.open(fx.broker.port, 'alice');
  });
  after(async () => {
    alice?.close();
    await fx?.stop();
  });

  const ask = (topics: string[]) =>
    alice.request(apis[75], 0, {
      topics: topics.map((name) => ({ name })),
      responsePartitionLimit: 2000,
      cursor: null,
    });

  it('lists only the topics the principal may describe', async () => {
    const r = await ask([]);
    assert.deepEqual(
      r.topics.map((t) => [t.name, t.errorCode, t.partitions.length, t.topicAuthorizedOperations]),
      [['visible', ErrorCode.NONE, 2, DESCRIBE_BIT]],
    );
  });

  it('refuses named topics it may not describe, existing or not, after the described ones', async () => {
    const r = await ask(['missing', 'visible', 'hidden']);
    assert.deepEqual(r.topics[0] && [r.topics[0].name, r.topics[0].errorCode, r.topics[0].partitions.length], [
      'visible',
      ErrorCode.NONE,
      2,
    ]);
    const refused = r.topics.slice(1).map((t) => [t.name, t.errorCode, t.topicId, t.partitions.length]);
    assert.deepEqual(refused.sort(), [
      ['hidden', ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'AAAAAAAAAAAAAAAAAAAAAA', 0],
      ['missing', ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'AAAAAAAAAAAAAAAAAAAAAA', 0],
    ]);
  });
});
