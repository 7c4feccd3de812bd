/**
 * The embedded consumer protocol (JoinGroup metadata, SyncGroup assignments): the version prefix is
 * written and read, and bytes of a newer version decode at the highest known one with the tail
 * ignored, as Kafka's ConsumerProtocol does (the broker reads subscriptions of newer clients).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONSUMER_PROTOCOL_SUBSCRIPTION_VERSION,
  ProtocolError,
  readConsumerProtocolAssignment,
  readConsumerProtocolSubscription,
  writeConsumerProtocolAssignment,
  writeConsumerProtocolSubscription,
} from '../src/index.js';

const subscription = {
  topics: ['a', 'b'],
  userData: null,
  ownedPartitions: [{ topic: 'a', partitions: [0, 2] }],
  generationId: 7,
  rackId: 'r1',
};

describe('consumer protocol', () => {
  it('writes the version first and reads a subscription back at every version', () => {
    for (let version = 0; version <= CONSUMER_PROTOCOL_SUBSCRIPTION_VERSION; version++) {
      const bytes = writeConsumerProtocolSubscription(subscription, version);
      assert.equal(bytes.readInt16BE(0), version);
      const back = readConsumerProtocolSubscription(bytes);
      assert.equal(back.version, version);
      assert.deepEqual(back.subscription.topics, ['a', 'b']);
      assert.equal(back.subscription.generationId, version >= 2 ? 7 : -1);
    }
  });

  it('reads a newer version at the highest known one, ignoring the fields it appends', () => {
    const v3 = writeConsumerProtocolSubscription(subscription, 3);
    const newer = Buffer.concat([v3, Buffer.from([0, 0, 0, 9])]);
    newer.writeInt16BE(5, 0);
    const back = readConsumerProtocolSubscription(newer);
    assert.equal(back.version, 3);
    assert.deepEqual(back.subscription, subscription);
  });

  it('round-trips an assignment and rejects truncated bytes with a ProtocolError', () => {
    const a = { assignedPartitions: [{ topic: 't', partitions: [1, 3] }], userData: null };
    assert.deepEqual(readConsumerProtocolAssignment(writeConsumerProtocolAssignment(a)), a);
    const bytes = writeConsumerProtocolSubscription(subscription);
    assert.throws(() => readConsumerProtocolSubscription(bytes.subarray(0, 5)), ProtocolError);
  });
});
