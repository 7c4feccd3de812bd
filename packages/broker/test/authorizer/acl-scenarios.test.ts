/**
 * ACLs enforced on a single broker (authorizer.class.name set, super.users=User:admin), with the
 * principal named by the test-only principal builder from each client's id. ACLs are created with
 * @samsa/client's Admin (and KafkaJS's), and checked through the raw protocol, @samsa/client and
 * KafkaJS: a PREFIXED WRITE, a consumer without READ on its group, DENY beating ALLOW, a super
 * user, a transactional producer without WRITE on its id, Metadata hiding what may not be
 * described, the CreateAcls/DescribeAcls/DeleteAcls error codes, the authorizer's denial log line,
 * and ACLs surviving a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AclBinding, Admin, Producer } from '@samsa/client';
import { createLogger, silentLogger } from '@samsa/common';
import { apis, ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import { Kafka, logLevel } from 'kafkajs';
import type { PrincipalBuilder } from '../../src/broker-services.js';
import { type Broker, startBroker } from '../../src/index.js';
import { startTestBroker, type TestBroker } from '../../src/testing/index.js';
import { RawClient } from '../support/raw-client.js';

/** The principal is the client id's part before any '-': "alice-1" is User:alice. */
const byClientId: PrincipalBuilder = ({ clientId }) => ({
  type: 'User',
  name: (clientId ?? 'ANONYMOUS').split('-')[0] ?? '',
});

const AUTHORIZER = {
  'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
  'super.users': 'User:admin',
  'transaction.state.log.num.partitions': 1,
  'offsets.topic.num.partitions': 1,
  'group.initial.rebalance.delay.ms': 0,
};

const acl = (
  resourceType: AclBinding['pattern']['resourceType'],
  name: string,
  principal: string,
  operation: AclBinding['entry']['operation'],
  permissionType: AclBinding['entry']['permissionType'] = 'ALLOW',
  patternType: AclBinding['pattern']['patternType'] = 'LITERAL',
): AclBinding => ({
  pattern: { resourceType, name, patternType },
  entry: { principal, host: '*', operation, permissionType },
});

function kafkaJsType(err: unknown): string | undefined {
  for (let e = err as { type?: string; originalError?: unknown; cause?: unknown } | undefined; e; ) {
    if (typeof e.type === 'string') return e.type;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return undefined;
}

const records = () => encodeRecordBatch({ records: [{ value: Buffer.from('v') }] });

async function produceCode(c: RawClient, topic: string): Promise<number | undefined> {
  const res = await c.request(apis[0], 9, {
    transactionalId: null,
    acks: 1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records: records() }] }],
  });
  return res.responses[0]?.partitionResponses[0]?.errorCode;
}

async function fetchCode(c: RawClient, topic: string): Promise<number | undefined> {
  const res = await c.request(apis[1], 11, {
    clusterId: null,
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1n },
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        topicId: '',
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset: 0n,
            lastFetchedEpoch: -1,
            logStartOffset: -1n,
            partitionMaxBytes: 1 << 20,
            replicaDirectoryId: '',
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  } as never);
  return res.responses[0]?.partitions[0]?.errorCode;
}

describe('ACL authorization on one broker', () => {
  let fx: TestBroker;
  let admin: Admin;
  const denials: string[] = [];
  const clients: RawClient[] = [];
  const raw = async (clientId: string) => {
    const c = await RawClient.open(fx.broker.port, clientId);
    clients.push(c);
    return c;
  };

  before(async () => {
    const logger = createLogger({
      level: 'info',
      destination: {
        write: (l: string) => {
          const line = JSON.parse(l) as { subsystem?: string; msg: string };
          if (line.subsystem === 'authorizer' && line.msg.startsWith('Principal = ')) denials.push(line.msg);
        },
      },
    });
    fx = await startTestBroker({ config: AUTHORIZER, principalBuilder: byClientId, logger });
    admin = new Admin({ bootstrapServers: fx.bootstrap, clientId: 'admin', logger: silentLogger });
    await admin.createTopics([
      { name: 'team-a.orders', numPartitions: 1 },
      { name: 'other', numPartitions: 1 },
    ]);
    await admin.createAcls([
      acl('TOPIC', 'team-a.', 'User:alice', 'WRITE', 'ALLOW', 'PREFIXED'),
      acl('TOPIC', '*', 'User:carol', 'READ'),
      acl('TOPIC', 'other', 'User:carol', 'READ', 'DENY'),
      acl('TOPIC', 'team-a.orders', 'User:bob', 'READ'),
      acl('TOPIC', 'team-a.orders', 'User:dave', 'WRITE'),
    ]);
  });
  after(async () => {
    for (const c of clients) c.close();
    await admin.close();
    await fx.stop();
  });

  it('a super user passes every check (it created the topics and ACLs above, and produces anywhere)', async () => {
    const c = await raw('admin');
    assert.equal(await produceCode(c, 'other'), ErrorCode.NONE);
    assert.equal(await produceCode(c, 'team-a.orders'), ErrorCode.NONE);
  });

  it('WRITE on a PREFIXED pattern: writes under the prefix, TOPIC_AUTHORIZATION_FAILED elsewhere (raw and @samsa/client)', async () => {
    const c = await raw('alice');
    assert.equal(await produceCode(c, 'team-a.orders'), ErrorCode.NONE);
    assert.equal(await produceCode(c, 'other'), ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    // A topic that does not exist is refused the same way: existence is not revealed.
    assert.equal(await produceCode(c, 'no-such-topic'), ErrorCode.TOPIC_AUTHORIZATION_FAILED);

    const producer = new Producer({
      bootstrapServers: fx.bootstrap,
      clientId: 'alice-producer',
      logger: silentLogger,
      lingerMs: 0,
    });
    try {
      const md = await producer.send({ topic: 'team-a.orders', value: Buffer.from('x') });
      assert.ok(md.offset >= 0n);
      await assert.rejects(
        producer.send({ topic: 'other', value: Buffer.from('x') }),
        (err: { code?: number }) => err.code === ErrorCode.TOPIC_AUTHORIZATION_FAILED,
      );
    } finally {
      await producer.close();
    }
    assert.ok(
      denials.includes(
        'Principal = User:alice is Denied operation = WRITE from host = 127.0.0.1 on resource = Topic:LITERAL:other',
      ),
      denials.join('\n'),
    );
  });

  it('Metadata leaves out topics the principal may not DESCRIBE and refuses the ones it names', async () => {
    const c = await raw('alice');
    const all = await c.request(apis[3], 12, {
      topics: null,
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    assert.deepEqual(
      all.topics.map((t) => t.name),
      ['team-a.orders'],
    );
    const named = await c.request(apis[3], 12, {
      topics: [{ name: 'other', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      allowAutoTopicCreation: true,
      includeTopicAuthorizedOperations: false,
    } as never);
    assert.equal(named.topics[0]?.errorCode, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    // Authorized operations (v8+): WRITE on the topic, which allows DESCRIBE too, and nothing else.
    const withOps = await c.request(apis[3], 12, {
      topics: [{ name: 'team-a.orders', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: true,
    });
    assert.equal(withOps.topics[0]?.topicAuthorizedOperations, (1 << 4) | (1 << 8));
    const cluster = await c.request(apis[60], 0, {
      includeClusterAuthorizedOperations: true,
      endpointType: 1,
    } as never);
    assert.equal(cluster.clusterAuthorizedOperations, 0);
    const nobody = await raw('mallory');
    const none = await nobody.request(apis[3], 12, {
      topics: null,
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    assert.deepEqual(none.topics, []);
  });

  it('DENY beats ALLOW: READ on every topic but DENY READ on one', async () => {
    const c = await raw('carol');
    assert.equal(await fetchCode(c, 'team-a.orders'), ErrorCode.NONE);
    assert.equal(await fetchCode(c, 'other'), ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });

  it('a consumer without READ on its group gets GROUP_AUTHORIZATION_FAILED (raw and KafkaJS)', async () => {
    const c = await raw('bob');
    assert.equal(await fetchCode(c, 'team-a.orders'), ErrorCode.NONE);
    const find = await c.request(apis[10], 3, { key: 'bobs-group', keyType: 0, coordinatorKeys: [] } as never);
    assert.equal(find.errorCode, ErrorCode.GROUP_AUTHORIZATION_FAILED);

    // KafkaJS reports a refused FindCoordinator as "coordinator not found" (it drops the code), so
    // let bob find the coordinator (DESCRIBE) but not READ: JoinGroup is what refuses him then.
    await admin.createAcls([acl('GROUP', 'bobs-group', 'User:bob', 'DESCRIBE')]);
    const kafka = new Kafka({
      clientId: 'bob-js',
      brokers: [fx.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const consumer = kafka.consumer({ groupId: 'bobs-group' });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: 'team-a.orders', fromBeginning: true });
      const failed = new Promise<unknown>((resolve) => {
        consumer.on(consumer.events.CRASH, (e) => resolve(e.payload.error));
      });
      await consumer.run({ eachMessage: async () => {} });
      const error = await failed;
      assert.equal(kafkaJsType(error), 'GROUP_AUTHORIZATION_FAILED', String(error));
    } finally {
      await consumer.disconnect().catch(() => {});
    }
    // With READ on the group, the same consumer may join.
    await admin.createAcls([acl('GROUP', 'bobs-group', 'User:bob', 'READ')]);
    const again = await c.request(apis[10], 3, { key: 'bobs-group', keyType: 0, coordinatorKeys: [] } as never);
    assert.notEqual(again.errorCode, ErrorCode.GROUP_AUTHORIZATION_FAILED);
  });

  it('a transactional producer without WRITE on its transactional id is refused (raw and KafkaJS)', async () => {
    const c = await raw('dave');
    const init = await c.request(apis[22], 4, {
      transactionalId: 'dave-tx',
      transactionTimeoutMs: 10_000,
      producerId: -1n,
      producerEpoch: -1,
    });
    assert.equal(init.errorCode, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    // Idempotent (no transactional id): WRITE on some topic stands for IDEMPOTENT_WRITE (KIP-679).
    const idem = await c.request(apis[22], 4, {
      transactionalId: null,
      transactionTimeoutMs: 0,
      producerId: -1n,
      producerEpoch: -1,
    });
    assert.equal(idem.errorCode, ErrorCode.NONE);
    const nobody = await raw('mallory');
    const refused = await nobody.request(apis[22], 4, {
      transactionalId: null,
      transactionTimeoutMs: 0,
      producerId: -1n,
      producerEpoch: -1,
    });
    assert.equal(refused.errorCode, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);

    // DESCRIBE lets KafkaJS find the coordinator (see above); InitProducerId still needs WRITE.
    await admin.createAcls([acl('TRANSACTIONAL_ID', 'dave-tx', 'User:dave', 'DESCRIBE')]);
    // Transactional records in a Produce need WRITE on the transactional id: the whole request is refused.
    const txnProduce = await c.request(apis[0], 9, {
      transactionalId: 'dave-tx',
      acks: -1,
      timeoutMs: 5000,
      topicData: [
        {
          name: 'team-a.orders',
          partitionData: [
            {
              index: 0,
              records: encodeRecordBatch({
                records: [{ value: Buffer.from('t') }],
                producerId: 7n,
                producerEpoch: 0,
                baseSequence: 0,
                isTransactional: true,
              }),
            },
          ],
        },
      ],
    });
    assert.equal(
      txnProduce.responses[0]?.partitionResponses[0]?.errorCode,
      ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
    );
    const kafka = new Kafka({
      clientId: 'dave-js',
      brokers: [fx.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
    });
    const producer = kafka.producer({ transactionalId: 'dave-tx', maxInFlightRequests: 1, idempotent: true });
    try {
      await producer.connect();
      await assert.rejects(
        producer.transaction(),
        (err) => kafkaJsType(err) === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
      );
    } finally {
      await producer.disconnect().catch(() => {});
    }
  });

  it('the ACL APIs: describe with filters, CLUSTER_AUTHORIZATION_FAILED for others, INVALID_REQUEST for bad input, delete', async () => {
    const prefixed = await admin.describeAcls({
      patternFilter: { resourceType: 'TOPIC', patternType: 'PREFIXED' },
      entryFilter: {},
    });
    assert.deepEqual(prefixed, [acl('TOPIC', 'team-a.', 'User:alice', 'WRITE', 'ALLOW', 'PREFIXED')]);
    const matching = await admin.describeAcls({
      patternFilter: { resourceType: 'TOPIC', name: 'team-a.orders', patternType: 'MATCH' },
      entryFilter: { principal: 'User:carol' },
    });
    assert.deepEqual(matching, [acl('TOPIC', '*', 'User:carol', 'READ')]);

    const alice = await raw('alice');
    const create = await alice.request(apis[30], 3, {
      creations: [
        {
          resourceType: 2,
          resourceName: 't',
          resourcePatternType: 3,
          principal: 'User:alice',
          host: '*',
          operation: 2,
          permissionType: 3,
        },
      ],
    });
    assert.equal(create.results[0]?.errorCode, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    const describe = await alice.request(apis[29], 3, {
      resourceTypeFilter: 1,
      resourceNameFilter: null,
      patternTypeFilter: 1,
      principalFilter: null,
      hostFilter: null,
      operation: 1,
      permissionType: 1,
    });
    assert.equal(describe.errorCode, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);

    const a = await raw('admin');
    const bad = await a.request(apis[30], 3, {
      creations: [
        {
          resourceType: 4,
          resourceName: 'not-the-cluster',
          resourcePatternType: 3,
          principal: 'User:x',
          host: '*',
          operation: 2,
          permissionType: 3,
        },
        {
          resourceType: 2,
          resourceName: 't',
          resourcePatternType: 3,
          principal: 'no-colon',
          host: '*',
          operation: 2,
          permissionType: 3,
        },
      ],
    });
    assert.deepEqual(
      bad.results.map((r) => r.errorCode),
      [ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST],
    );
    const badFilter = await a.request(apis[29], 3, {
      resourceTypeFilter: 0,
      resourceNameFilter: null,
      patternTypeFilter: 1,
      principalFilter: null,
      hostFilter: null,
      operation: 1,
      permissionType: 1,
    });
    assert.equal(badFilter.errorCode, ErrorCode.INVALID_REQUEST);

    // KafkaJS's admin speaks the same APIs.
    const kafka = new Kafka({ clientId: 'admin-js', brokers: [fx.bootstrap], logLevel: logLevel.NOTHING });
    const jsAdmin = kafka.admin();
    await jsAdmin.connect();
    try {
      await jsAdmin.createAcls({
        acl: [
          {
            resourceType: 2,
            resourceName: 'js-topic',
            resourcePatternType: 3,
            principal: 'User:erin',
            host: '*',
            operation: 3,
            permissionType: 3,
          },
        ],
      } as never);
      const seen = await jsAdmin.describeAcls({
        resourceType: 2,
        resourceName: 'js-topic',
        resourcePatternType: 3,
        operation: 1,
        permissionType: 1,
      } as never);
      assert.equal(seen.resources[0]?.acls[0]?.principal, 'User:erin');
      const gone = await jsAdmin.deleteAcls({
        filters: [
          { resourceType: 2, resourceName: 'js-topic', resourcePatternType: 3, operation: 1, permissionType: 1 },
        ],
      } as never);
      assert.equal(gone.filterResponses[0]?.matchingAcls.length, 1);
    } finally {
      await jsAdmin.disconnect();
    }
  });

  it('admin, config and inter-broker APIs need their topic or cluster operation', async () => {
    const m = await raw('mallory');
    const created = await m.request(apis[19], 7, {
      ...apis[19].defaultRequest(),
      topics: [{ name: 'mallorys', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
    });
    assert.equal(created.topics[0]?.errorCode, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    const deleted = await m.request(apis[20], 5, { ...apis[20].defaultRequest(), topicNames: ['other'] });
    assert.equal(deleted.responses[0]?.errorCode, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    const configs = await m.request(apis[32], 4, {
      ...apis[32].defaultRequest(),
      resources: [
        { resourceType: 2, resourceName: 'other', configurationKeys: null },
        { resourceType: 4, resourceName: '0', configurationKeys: null },
      ],
    });
    assert.deepEqual(
      configs.results.map((r) => r.errorCode),
      [ErrorCode.TOPIC_AUTHORIZATION_FAILED, ErrorCode.CLUSTER_AUTHORIZATION_FAILED],
    );
    const update = await m.request(apis[6], 7, { ...apis[6].defaultRequest(), controllerId: 0, brokerEpoch: 0n });
    assert.equal(update.errorCode, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    // A follower's fetch needs CLUSTER_ACTION: every partition is refused.
    const follower = await m.request(apis[1], 11, {
      ...apis[1].defaultRequest(),
      replicaId: 1,
      maxWaitMs: 0,
      topics: [
        {
          ...apis[1].defaultRequest().topics[0],
          topic: 'team-a.orders',
          topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: 0n,
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
              partitionMaxBytes: 1024,
              replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA',
            },
          ],
        },
      ],
    } as never);
    assert.equal(follower.responses[0]?.partitions[0]?.errorCode, ErrorCode.TOPIC_AUTHORIZATION_FAILED);

    // Auto-creation: DESCRIBE (through WRITE) is not enough, CREATE on the topic's prefix is.
    const alice = await raw('alice');
    const ask = () =>
      alice.request(apis[3], 12, {
        topics: [{ name: 'team-a.auto', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
        allowAutoTopicCreation: true,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      });
    assert.equal((await ask()).topics[0]?.errorCode, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    await admin.createAcls([acl('TOPIC', 'team-a.', 'User:alice', 'CREATE', 'ALLOW', 'PREFIXED')]);
    const code = (await ask()).topics[0]?.errorCode;
    assert.ok(code === ErrorCode.NONE || code === ErrorCode.LEADER_NOT_AVAILABLE, `code ${code}`);
    assert.ok(fx.broker.metadata.topic('team-a.auto'));
  });

  it('ACLs survive a broker restart', async () => {
    const before = await admin.describeAcls({ patternFilter: {}, entryFilter: {} });
    for (const c of clients.splice(0)) c.close();
    await admin.close();
    await fx.restart();
    admin = new Admin({ bootstrapServers: fx.broker.bootstrapServers, clientId: 'admin', logger: silentLogger });
    const afterRestart = await admin.describeAcls({ patternFilter: {}, entryFilter: {} });
    const key = (b: AclBinding) => JSON.stringify(b);
    assert.deepEqual(afterRestart.map(key).sort(), before.map(key).sort());
    const c = await raw('alice');
    assert.equal(await produceCode(c, 'team-a.orders'), ErrorCode.NONE);
    assert.equal(await produceCode(c, 'other'), ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    const removed = await admin.deleteAcls([
      {
        patternFilter: { resourceType: 'TOPIC', name: 'team-a.', patternType: 'PREFIXED' },
        entryFilter: { operation: 'WRITE' },
      },
    ]);
    assert.equal(removed.length, 1);
    assert.equal(await produceCode(c, 'team-a.orders'), ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });
});

describe('ACL APIs without an authorizer', () => {
  let broker: Broker;
  let dir: TestBroker;
  before(async () => {
    dir = await startTestBroker();
    broker = dir.broker;
  });
  after(() => dir.stop());

  it('answer SECURITY_DISABLED, and every request is allowed as before', async () => {
    const c = await RawClient.open(broker.port, 'anyone');
    try {
      const create = await c.request(apis[30], 3, {
        creations: [
          {
            resourceType: 2,
            resourceName: 't',
            resourcePatternType: 3,
            principal: 'User:a',
            host: '*',
            operation: 2,
            permissionType: 3,
          },
        ],
      });
      assert.equal(create.results[0]?.errorCode, ErrorCode.SECURITY_DISABLED);
      const d = await c.request(apis[29], 3, {
        resourceTypeFilter: 1,
        resourceNameFilter: null,
        patternTypeFilter: 1,
        principalFilter: null,
        hostFilter: null,
        operation: 1,
        permissionType: 1,
      });
      assert.equal(d.errorCode, ErrorCode.SECURITY_DISABLED);
      const del = await c.request(apis[31], 3, {
        filters: [
          {
            resourceTypeFilter: 1,
            resourceNameFilter: null,
            patternTypeFilter: 1,
            principalFilter: null,
            hostFilter: null,
            operation: 1,
            permissionType: 1,
          },
        ],
      });
      assert.equal(del.filterResults[0]?.errorCode, ErrorCode.SECURITY_DISABLED);
    } finally {
      c.close();
    }
  });

  it('an unknown authorizer.class.name stops the broker from starting with a clear error', async () => {
    await assert.rejects(
      startBroker({ config: { 'authorizer.class.name': 'com.example.MyAuthorizer' } }),
      /authorizer\.class\.name/,
    );
  });
});
