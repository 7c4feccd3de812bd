/** __consumer_offsets record formats (Kafka's bytes) and the group → partition hash. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCoordinatorRecord, encodeCoordinatorRecord } from '../src/coordinator/group/coordinator-record.js';
import { javaStringHashCode, partitionForGroup } from '../src/coordinator/group/group-partition.js';

describe('__consumer_offsets records', () => {
  it('encodes an offset commit as Kafka does (key v1, value v3)', () => {
    const raw = encodeCoordinatorRecord({
      kind: 'offset',
      key: { group: 'g', topic: 't', partition: 2 },
      value: { offset: 42n, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1000, expireTimestamp: -1 },
    });
    assert.equal(raw.key.toString('hex'), '0001' + '00016' + '7' + '00017' + '4' + '00000002');
    assert.equal(raw.value?.toString('hex'), '0003' + '000000000000002a' + '00000007' + '00016d' + '00000000000003e8');
    const back = decodeCoordinatorRecord(raw.key, raw.value);
    assert.deepEqual(back, {
      kind: 'offset',
      key: { group: 'g', topic: 't', partition: 2 },
      value: { offset: 42n, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1000, expireTimestamp: -1 },
    });
  });

  it('reads offset values of version 1 (with expireTimestamp) and tombstones', () => {
    const v1 = Buffer.from('0001' + '0000000000000005' + '0000' + '00000000000003e8' + 'ffffffffffffffff', 'hex');
    const key = Buffer.from('0000' + '000167' + '000174' + '00000000', 'hex');
    const r = decodeCoordinatorRecord(key, v1);
    assert.equal(r.kind, 'offset');
    if (r.kind !== 'offset') return;
    assert.equal(r.value?.offset, 5n);
    assert.equal(r.value?.leaderEpoch, -1);
    assert.equal(r.value?.metadata, '');
    assert.equal(decodeCoordinatorRecord(key, null).kind, 'offset');
  });

  it('round-trips group metadata (key v2, value v3) with static members', () => {
    const value = {
      protocolType: 'consumer',
      generation: 3,
      protocol: 'range',
      leader: 'a',
      currentStateTimestamp: 99,
      members: [
        {
          memberId: 'a',
          groupInstanceId: 'i-1',
          clientId: 'c',
          clientHost: '/h',
          rebalanceTimeout: 300,
          sessionTimeout: 100,
          subscription: Buffer.from([1, 2]),
          assignment: Buffer.from([3]),
        },
      ],
    };
    const raw = encodeCoordinatorRecord({ kind: 'group', group: 'grp', value });
    assert.equal(raw.key.toString('hex'), '0002' + '0003677270');
    assert.equal(raw.value?.readInt16BE(0), 3);
    assert.deepEqual(decodeCoordinatorRecord(raw.key, raw.value), { kind: 'group', group: 'grp', value });
    assert.deepEqual(decodeCoordinatorRecord(raw.key, null), { kind: 'group', group: 'grp', value: null });
  });

  it('reads KIP-848 consumer-group records and skips those of other newer key versions', () => {
    assert.deepEqual(decodeCoordinatorRecord(Buffer.from('000300016700', 'hex').subarray(0, 5), null), {
      kind: 'consumer',
      record: { type: 3, group: 'g', value: null },
    });
    assert.deepEqual(decodeCoordinatorRecord(Buffer.from('000a', 'hex'), null), { kind: 'unknown', keyVersion: 10 });
  });

  it("hashes group ids with Java's String.hashCode, as Kafka places groups", () => {
    assert.equal(javaStringHashCode('hello'), 99162322);
    assert.equal(javaStringHashCode(''), 0);
    assert.equal(javaStringHashCode('polygenelubricants'), -2147483648);
    assert.equal(partitionForGroup('hello', 50), 22);
    // Integer.MIN_VALUE maps to 0 (Kafka's Utils.abs), not to a negative partition.
    assert.equal(partitionForGroup('polygenelubricants', 50), 0);
    assert.equal(partitionForGroup('test_group', 50), Math.abs(javaStringHashCode('test_group')) % 50);
  });
});
