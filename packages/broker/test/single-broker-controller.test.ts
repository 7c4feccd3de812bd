/**
 * A single-node broker is its own controller (Metadata and DescribeCluster say so), so the
 * controller APIs are answered as a one-broker Kafka cluster answers them, not with NOT_CONTROLLER:
 * through the raw protocol at the versions old and new clients send, and through KafkaJS's admin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apis, defaultMetadataRequestTopic, ErrorCode } from '@samsa/protocol';
import { Kafka, logLevel } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

const TOPIC = 'moves';

describe('single-broker controller APIs', () => {
  let fx: TestBroker;
  let c: RawClient;
  const brokerId = 0;

  before(async () => {
    fx = await startTestBroker({ brokerId });
    c = await RawClient.open(fx.broker.port);
    const created = await c.request(apis[19], 4, {
      ...apis[19].defaultRequest(),
      topics: [
        {
          name: TOPIC,
          numPartitions: 2,
          replicationFactor: 1,
          assignments: [],
          configs: [],
        },
      ],
      timeoutMs: 10_000,
    });
    assert.equal(created.topics[0]?.errorCode, ErrorCode.NONE);
  });

  after(async () => {
    c?.close();
    await fx?.stop();
  });

  it('names itself the controller', async () => {
    const md = await c.request(apis[3], 1, { ...apis[3].defaultRequest(), topics: [] });
    assert.equal(md.controllerId, brokerId);
    const dc = await c.request(apis[60], 0, apis[60].defaultRequest());
    assert.equal(dc.controllerId, brokerId);
  });

  const alter = (replicas: number[] | null, partitionIndex = 0, topic = TOPIC) =>
    c.request(apis[45], 0, {
      ...apis[45].defaultRequest(),
      timeoutMs: 10_000,
      topics: [{ name: topic, partitions: [{ partitionIndex, replicas }] }],
    });

  it('AlterPartitionReassignments v0: a move to itself completes at once', async () => {
    const r = await alter([brokerId]);
    assert.equal(r.errorCode, ErrorCode.NONE);
    assert.equal(r.responses[0]?.partitions[0]?.errorCode, ErrorCode.NONE);
    const list = await c.request(apis[46], 0, { ...apis[46].defaultRequest(), timeoutMs: 10_000, topics: null });
    assert.equal(list.errorCode, ErrorCode.NONE);
    assert.deepEqual(list.topics, []);
    const md = await c.request(apis[3], 1, {
      ...apis[3].defaultRequest(),
      topics: [{ ...defaultMetadataRequestTopic(), name: TOPIC }],
    });
    assert.deepEqual(md.topics[0]?.partitions[0]?.replicaNodes, [brokerId]);
  });

  it('AlterPartitionReassignments v0: other brokers, duplicates, empty lists are INVALID_REPLICA_ASSIGNMENT', async () => {
    for (const replicas of [[brokerId + 1], [brokerId, brokerId + 7], [brokerId, brokerId], []]) {
      const r = await alter(replicas);
      assert.equal(r.errorCode, ErrorCode.NONE);
      const p = r.responses[0]?.partitions[0];
      assert.equal(p?.errorCode, ErrorCode.INVALID_REPLICA_ASSIGNMENT, JSON.stringify(replicas));
      assert.ok(p?.errorMessage, 'says why');
    }
  });

  it('AlterPartitionReassignments v0: unknown partitions and cancelling nothing', async () => {
    const unknownPartition = await alter([brokerId], 9);
    assert.equal(unknownPartition.responses[0]?.partitions[0]?.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const unknownTopic = await alter([brokerId], 0, 'no-such-topic');
    assert.equal(unknownTopic.responses[0]?.partitions[0]?.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const cancel = await alter(null);
    assert.equal(cancel.responses[0]?.partitions[0]?.errorCode, ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
  });

  it('ListPartitionReassignments v0 for listed partitions: none ongoing', async () => {
    const list = await c.request(apis[46], 0, {
      ...apis[46].defaultRequest(),
      timeoutMs: 10_000,
      topics: [{ name: TOPIC, partitionIndexes: [0, 1] }],
    });
    assert.equal(list.errorCode, ErrorCode.NONE);
    assert.deepEqual(list.topics, []);
  });

  for (const version of [0, 1, 2]) {
    it(`ElectLeaders v${version}: the only replica already leads (ELECTION_NOT_NEEDED)`, async () => {
      const r = await c.request(apis[43], version, {
        ...apis[43].defaultRequest(),
        electionType: 0,
        timeoutMs: 10_000,
        topicPartitions: [
          { topic: TOPIC, partitions: [0, 1] },
          { topic: 'no-such-topic', partitions: [0] },
        ],
      });
      assert.equal(r.errorCode, ErrorCode.NONE);
      const byTopic = new Map(r.replicaElectionResults.map((t) => [t.topic, t.partitionResult]));
      assert.deepEqual(
        byTopic.get(TOPIC)?.map((p) => [p.partitionId, p.errorCode]),
        [
          [0, ErrorCode.ELECTION_NOT_NEEDED],
          [1, ErrorCode.ELECTION_NOT_NEEDED],
        ],
      );
      assert.equal(byTopic.get('no-such-topic')?.[0]?.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    });
  }

  it('ElectLeaders v2 unclean, for every partition (null list)', async () => {
    const r = await c.request(apis[43], 2, {
      ...apis[43].defaultRequest(),
      electionType: 1,
      timeoutMs: 10_000,
      topicPartitions: null,
    });
    assert.equal(r.errorCode, ErrorCode.NONE);
    const ours = r.replicaElectionResults.find((t) => t.topic === TOPIC);
    assert.equal(ours?.partitionResult.length, 2);
    for (const p of ours?.partitionResult ?? []) assert.equal(p.errorCode, ErrorCode.ELECTION_NOT_NEEDED);
  });

  it('AlterPartition and ControlledShutdown from brokers this cluster does not have', async () => {
    const ap = await c.request(apis[56], 0, {
      ...apis[56].defaultRequest(),
      brokerId: 5,
      brokerEpoch: 1n,
      topics: [],
    });
    assert.equal(ap.errorCode, ErrorCode.STALE_BROKER_EPOCH);
    for (const version of [1, 3]) {
      const cs = await c.request(apis[7], version, { ...apis[7].defaultRequest(), brokerId: 5, brokerEpoch: 1n });
      assert.equal(cs.errorCode, ErrorCode.BROKER_NOT_AVAILABLE);
    }
  });

  it('KafkaJS admin: alter and list reassignments against the controller Metadata names', async () => {
    const kafka = new Kafka({
      clientId: 'reassign',
      brokers: [fx.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 1 },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.alterPartitionReassignments({
        topics: [{ topic: TOPIC, partitionAssignment: [{ partition: 1, replicas: [brokerId] }] }],
      });
      const listed = await admin.listPartitionReassignments({});
      assert.deepEqual(listed.topics, []);
      await assert.rejects(
        admin.alterPartitionReassignments({
          topics: [{ topic: TOPIC, partitionAssignment: [{ partition: 1, replicas: [brokerId + 1] }] }],
        }),
        (err: Error & { type?: string; name?: string }) =>
          /INVALID_REPLICA_ASSIGNMENT|replica/i.test(`${err.name} ${err.message} ${JSON.stringify(err)}`),
      );
    } finally {
      await admin.disconnect();
    }
  });
});
