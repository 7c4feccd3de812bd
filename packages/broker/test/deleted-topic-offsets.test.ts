/**
 * A topic deleted and re-created with fewer partitions while a group has offsets for it (seen with
 * librdkafka, 10 → 3 partitions). As Kafka's broker:
 * - OffsetCommit refuses only the partitions that no longer exist (UNKNOWN_TOPIC_OR_PARTITION for
 *   3-9, NONE for 0-2), at old and new versions. librdkafka then reports the whole commit as
 *   failed, on every partition it listed, which is what users see; the broker's answer is per
 *   partition.
 * - Deleting a topic removes the groups' committed offsets for its partitions (Kafka's
 *   onPartitionsDeleted), so the re-created topic is read from auto.offset.reset instead of from
 *   offsets into logs that are gone; an empty group left without offsets is removed. The removal is
 *   written to __consumer_offsets, so a restart does not bring the offsets back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import { KafkaWire } from '../bench/kafka-wire.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

const TOPIC = 'shrinking';

describe('offsets of a deleted and re-created topic', () => {
  let fx: TestBroker;
  let wire: KafkaWire;

  before(async () => {
    fx = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0 } });
    wire = await KafkaWire.open(fx.bootstrap);
  });
  after(async () => {
    wire?.close();
    await fx?.stop();
  });

  const create = async (numPartitions: number) => {
    const r = await wire.send(19, 4, {
      topics: [{ name: TOPIC, numPartitions, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
    });
    assert.equal(r.topics[0]?.errorCode, ErrorCode.NONE);
  };
  const remove = async () => {
    const r = await wire.send(20, 4, { topicNames: [TOPIC], timeoutMs: 5000 });
    assert.equal(r.responses[0]?.errorCode, ErrorCode.NONE);
  };
  const commit = async (groupId: string, version: number, partitions: number[], offset: bigint) => {
    const r = await wire.send(8, version, {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1n,
      topics: [
        {
          name: TOPIC,
          partitions: partitions.map((partitionIndex) => ({
            partitionIndex,
            committedOffset: offset,
            committedLeaderEpoch: -1,
            commitTimestamp: -1n,
            committedMetadata: '',
          })),
        },
      ],
    });
    return r.topics[0]?.partitions.map((p) => p.errorCode);
  };
  const fetched = async (groupId: string, version: number, partitions: number[]) => {
    const r = await wire.send(9, version, {
      groupId,
      topics: [{ name: TOPIC, partitionIndexes: partitions }],
      requireStable: false,
    });
    return r.topics[0]?.partitions.map((p) => p.committedOffset);
  };
  const ten = [...Array(10).keys()];

  it('commits, deletes 10 partitions, re-creates 3: the old offsets are gone, at old and new versions', async () => {
    await create(10);
    assert.deepEqual(await commit('old-client', 2, ten, 7n), Array(10).fill(ErrorCode.NONE));
    assert.deepEqual(await commit('new-client', 8, ten, 7n), Array(10).fill(ErrorCode.NONE));
    await remove();
    await create(3);
    assert.deepEqual(await fetched('old-client', 1, [0, 1, 2]), [-1n, -1n, -1n]);
    assert.deepEqual(await fetched('new-client', 7, [0, 1, 2]), [-1n, -1n, -1n]);
    // Nothing else held these simple groups: they are gone, as Kafka removes them.
    const described = await wire.send(15, 0, { groups: ['old-client', 'new-client'] });
    assert.deepEqual(
      described.groups.map((g) => g.groupState),
      ['Dead', 'Dead'],
    );
  });

  it('a commit naming all 10 old partitions is refused only for 3-9', async () => {
    const expected = [...Array(3).fill(ErrorCode.NONE), ...Array(7).fill(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)];
    assert.deepEqual(await commit('stale-client', 2, ten, 5n), expected);
    assert.deepEqual(await commit('stale-client', 8, ten, 5n), expected);
    assert.deepEqual(await fetched('stale-client', 7, [0, 1, 2]), [5n, 5n, 5n]);
  });

  it('the removal survives a restart (it was written to __consumer_offsets)', async () => {
    await remove();
    await create(3);
    assert.deepEqual(await fetched('stale-client', 7, [0, 1, 2]), [-1n, -1n, -1n]);
    wire.close();
    await fx.restart();
    wire = await KafkaWire.open(fx.bootstrap);
    for (const groupId of ['old-client', 'new-client', 'stale-client']) {
      assert.deepEqual(await fetched(groupId, 7, [0, 1, 2]), [-1n, -1n, -1n], groupId);
    }
  });
});
