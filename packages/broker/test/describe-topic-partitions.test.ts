/**
 * DescribeTopicPartitions (KIP-966) on the wire, as Kafka 4.x's admin client pages through it:
 * name order, the cursor into a topic and onto the next one, the response limit capped by the
 * broker's max.request.partition.size.limit, errors for unknown and illegal names, and
 * INVALID_REQUEST for a cursor outside the named topics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apis, type DescribeTopicPartitionsResponse, ErrorCode } from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

/** topic → partition indexes, in response order; and the cursor, as `topic/partition`. */
function page(r: DescribeTopicPartitionsResponse): { topics: string[]; cursor: string | null } {
  return {
    topics: r.topics.map((t) => `${t.name}:${t.errorCode}:[${t.partitions.map((p) => p.partitionIndex).join(',')}]`),
    cursor: r.nextCursor ? `${r.nextCursor.topicName}/${r.nextCursor.partitionIndex}` : null,
  };
}

describe('DescribeTopicPartitions (key 75)', () => {
  let fx: TestBroker;
  let c: RawClient;

  before(async () => {
    // The broker's cap (4) is below what the client asks for by default (2000).
    fx = await startTestBroker({
      config: { 'max.request.partition.size.limit': 4, 'offsets.topic.num.partitions': 1 },
    });
    for (const [name, n] of [
      ['b', 2],
      ['a', 3],
      ['c', 1],
    ] as const) {
      await fx.broker.topics.create(
        { name, numPartitions: n, replicationFactor: 1, assignments: [], configs: {} },
        false,
      );
    }
    c = await RawClient.open(fx.broker.port);
  });
  after(async () => {
    c.close();
    await fx.stop();
  });

  const ask = (topics: string[], limit: number, cursor: { topicName: string; partitionIndex: number } | null) =>
    c.request(apis[75], 0, { topics: topics.map((name) => ({ name })), responsePartitionLimit: limit, cursor });

  it('describes all topics in name order, the broker capping the page at max.request.partition.size.limit', async () => {
    // Four partitions end exactly with a: the next page starts at b, partition 0.
    const r = await ask([], 2000, null);
    assert.deepEqual(page(r), { topics: ['__consumer_offsets:0:[0]', 'a:0:[0,1,2]'], cursor: 'b/0' });
    assert.deepEqual(
      r.topics.map((t) => t.isInternal),
      [true, false],
    );
    const a = r.topics[1];
    assert.equal(a?.topicId, fx.broker.metadata.topicIdOf('a'));
    assert.deepEqual(
      a?.partitions.map((p) => [p.leaderId, p.replicaNodes, p.isrNodes, p.eligibleLeaderReplicas, p.lastKnownElr]),
      [0, 1, 2].map(() => [0, [0], [0], [], []]),
    );
    // Without an authorizer every operation Kafka lists for a topic is allowed.
    assert.ok((a?.topicAuthorizedOperations ?? 0) > 0);
    assert.deepEqual(page(await ask([], 2000, { topicName: 'b', partitionIndex: 0 })), {
      topics: ['b:0:[0,1]', 'c:0:[0]'],
      cursor: null,
    });
  });

  it('pages with a cursor inside a topic', async () => {
    const abc = ['c', 'b', 'a'];
    assert.deepEqual(page(await ask(abc, 2, null)), { topics: ['a:0:[0,1]'], cursor: 'a/2' });
    assert.deepEqual(page(await ask(abc, 2, { topicName: 'a', partitionIndex: 2 })), {
      topics: ['a:0:[2]', 'b:0:[0]'],
      cursor: 'b/1',
    });
    assert.deepEqual(page(await ask(abc, 2, { topicName: 'b', partitionIndex: 1 })), {
      topics: ['b:0:[1]', 'c:0:[0]'],
      cursor: null,
    });
  });

  it('answers named topics in name order, with errors for unknown and illegal names', async () => {
    const r = await ask(['c', 'missing', 'b', 'bad name!'], 2000, null);
    assert.deepEqual(page(r), {
      topics: [
        'b:0:[0,1]',
        `bad name!:${ErrorCode.INVALID_TOPIC_EXCEPTION}:[]`,
        'c:0:[0]',
        `missing:${ErrorCode.UNKNOWN_TOPIC_OR_PARTITION}:[]`,
      ],
      cursor: null,
    });
    assert.equal(r.topics[3]?.topicId, 'AAAAAAAAAAAAAAAAAAAAAA');
    // A full page ends before the next named topic, known or not (as Kafka: the cursor names it).
    assert.deepEqual(page(await ask(['a', 'c', 'missing'], 2000, null)), {
      topics: ['a:0:[0,1,2]', 'c:0:[0]'],
      cursor: 'missing/0',
    });
    // Named topics before the cursor's are skipped; the cursor's partition applies to its topic only.
    assert.deepEqual(page(await ask(['a', 'b', 'c'], 2000, { topicName: 'b', partitionIndex: 1 })), {
      topics: ['b:0:[1]', 'c:0:[0]'],
      cursor: null,
    });
  });

  it('refuses a cursor whose topic is not among the named ones with INVALID_REQUEST', async () => {
    const r = await ask(['a', 'c'], 2000, { topicName: 'b', partitionIndex: 0 });
    assert.deepEqual(
      r.topics.map((t) => [t.name, t.errorCode]),
      [
        ['a', ErrorCode.INVALID_REQUEST],
        ['c', ErrorCode.INVALID_REQUEST],
      ],
    );
    assert.equal(r.nextCursor, null);
  });
});
