/**
 * KIP-848's pure parts: the uniform and range server assignors (balance, stickiness, subscribers
 * only, co-partitioning) and the reconciliation (revoke before assign, partitions held by another
 * member not given out, epochs), and the records' round trip in Kafka's formats.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Reader } from '@samsa/protocol';
import {
  type Assignment,
  assignmentOf,
  size,
  toTopicPartitions,
} from '../src/coordinator/group/consumer/assignment.js';
import type { AssignorMember } from '../src/coordinator/group/consumer/assignor.js';
import {
  type ConsumerGroupRecord,
  decodeConsumerGroupRecord,
  encodeConsumerGroupKey,
  encodeConsumerGroupValue,
} from '../src/coordinator/group/consumer/consumer-group-records.js';
import { rangeAssignor } from '../src/coordinator/group/consumer/range-assignor.js';
import { type MemberAssignmentState, MemberState, reconcile } from '../src/coordinator/group/consumer/reconcile.js';
import { uniformAssignor } from '../src/coordinator/group/consumer/uniform-assignor.js';

const T1 = 'AAAAAAAAAAAAAAAAAAAAAQ';
const T2 = 'AAAAAAAAAAAAAAAAAAAAAg';
const a = (entries: Record<string, number[]>): Assignment =>
  assignmentOf(Object.entries(entries).map(([topicId, partitions]) => ({ topicId, partitions })));
const plain = (x: Assignment | undefined) =>
  Object.fromEntries(toTopicPartitions(x ?? new Map()).map((t) => [t.topicId, t.partitions]));
const member = (memberId: string, topics: string[], current: Assignment = new Map()): AssignorMember => ({
  memberId,
  subscribedTopicIds: new Set(topics),
  current,
});

describe('uniform assignor', () => {
  it('balances every partition across members, loads differing by at most one', () => {
    const out = uniformAssignor.assign({
      members: [member('a', [T1, T2]), member('b', [T1, T2]), member('c', [T1, T2])],
      partitionCounts: new Map([
        [T1, 4],
        [T2, 3],
      ]),
    });
    const sizes = ['a', 'b', 'c'].map((m) => size(out.get(m) ?? new Map()));
    assert.equal(
      sizes.reduce((x, y) => x + y, 0),
      7,
    );
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
    const seen = new Set<string>();
    for (const x of out.values())
      for (const tp of toTopicPartitions(x)) for (const p of tp.partitions) seen.add(`${tp.topicId}:${p}`);
    assert.equal(seen.size, 7);
  });

  it('is sticky: a member joining takes partitions only from the member that had too many', () => {
    const out = uniformAssignor.assign({
      members: [member('a', [T1], a({ [T1]: [0, 1, 2, 3] })), member('b', [T1])],
      partitionCounts: new Map([[T1, 4]]),
    });
    assert.deepEqual(plain(out.get('a')), { [T1]: [0, 1] });
    assert.deepEqual(plain(out.get('b')), { [T1]: [2, 3] });
  });

  it('gives a topic only to its subscribers', () => {
    const out = uniformAssignor.assign({
      members: [member('a', [T1]), member('b', [T2])],
      partitionCounts: new Map([
        [T1, 2],
        [T2, 2],
      ]),
    });
    assert.deepEqual(plain(out.get('a')), { [T1]: [0, 1] });
    assert.deepEqual(plain(out.get('b')), { [T2]: [0, 1] });
  });
});

describe('range assignor', () => {
  it('gives contiguous ranges in member-id order, the same numbers of co-partitioned topics', () => {
    const out = rangeAssignor.assign({
      members: [member('b', [T1, T2]), member('a', [T1, T2])],
      partitionCounts: new Map([
        [T1, 3],
        [T2, 3],
      ]),
    });
    assert.deepEqual(plain(out.get('a')), { [T1]: [0, 1], [T2]: [0, 1] });
    assert.deepEqual(plain(out.get('b')), { [T1]: [2], [T2]: [2] });
  });
});

const stable = (epoch: number, assigned: Assignment): MemberAssignmentState => ({
  state: MemberState.STABLE,
  memberEpoch: epoch,
  previousMemberEpoch: epoch - 1,
  assigned,
  pendingRevocation: new Map(),
});

describe('reconciliation', () => {
  it('revokes before it assigns, and keeps the epoch until the revocation is acknowledged', () => {
    const m = stable(1, a({ [T1]: [0, 1] }));
    const target = a({ [T1]: [0], [T2]: [0] });
    const r1 = reconcile({ member: m, targetEpoch: 2, target, owned: null, heldByOther: () => false });
    assert.equal(r1.state, MemberState.UNREVOKED_PARTITIONS);
    assert.equal(r1.memberEpoch, 1);
    assert.deepEqual(plain(r1.assigned), { [T1]: [0] });
    assert.deepEqual(plain(r1.pendingRevocation), { [T1]: [1] });
    // Still owning partition 1: nothing changes.
    const r2 = reconcile({ member: r1, targetEpoch: 2, target, owned: a({ [T1]: [0, 1] }), heldByOther: () => false });
    assert.equal(r2.state, MemberState.UNREVOKED_PARTITIONS);
    assert.equal(r2.memberEpoch, 1);
    assert.deepEqual(plain(r2.pendingRevocation), { [T1]: [1] });
    // Revoked: the new partition comes with the new epoch.
    const r3 = reconcile({ member: r2, targetEpoch: 2, target, owned: a({ [T1]: [0] }), heldByOther: () => false });
    assert.equal(r3.state, MemberState.STABLE);
    assert.equal(r3.memberEpoch, 2);
    assert.equal(r3.previousMemberEpoch, 1);
    assert.deepEqual(plain(r3.assigned), { [T1]: [0], [T2]: [0] });
  });

  it('does not give a partition another member still holds, until it is released', () => {
    const m = stable(1, new Map());
    const target = a({ [T1]: [0, 1] });
    const held = new Set([`${T1}:1`]);
    const heldByOther = (t: string, p: number) => held.has(`${t}:${p}`);
    const r1 = reconcile({ member: m, targetEpoch: 2, target, owned: null, heldByOther });
    assert.equal(r1.state, MemberState.UNRELEASED_PARTITIONS);
    assert.equal(r1.memberEpoch, 2);
    assert.deepEqual(plain(r1.assigned), { [T1]: [0] });
    held.clear();
    const r2 = reconcile({ member: r1, targetEpoch: 2, target, owned: null, heldByOther });
    assert.equal(r2.state, MemberState.STABLE);
    assert.deepEqual(plain(r2.assigned), { [T1]: [0, 1] });
  });

  it('a member already at the target epoch stays as it is', () => {
    const m = stable(3, a({ [T1]: [0] }));
    assert.equal(
      reconcile({ member: m, targetEpoch: 3, target: a({ [T1]: [0] }), owned: null, heldByOther: () => true }),
      m,
    );
  });
});

/** Maps as plain objects so records compare by content. */
function normalize(v: unknown): unknown {
  if (v instanceof Map) return plain(v);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
}

describe('consumer group records', () => {
  const roundTrip = (r: ConsumerGroupRecord) => {
    const key = new Reader(encodeConsumerGroupKey(r));
    const type = key.int16();
    const value = encodeConsumerGroupValue(r);
    return decodeConsumerGroupRecord(type, key, value ? new Reader(value) : null);
  };
  it('round-trips every type and tombstones', () => {
    const records: ConsumerGroupRecord[] = [
      { type: 3, group: 'g', value: { epoch: 7, metadataHash: -5n } },
      {
        type: 5,
        group: 'g',
        member: 'm',
        value: {
          instanceId: 'i',
          rackId: null,
          clientId: 'c',
          clientHost: '/127.0.0.1',
          subscribedTopicNames: ['x', 'y'],
          subscribedTopicRegex: 'z.*',
          rebalanceTimeoutMs: 300000,
          serverAssignor: 'range',
        },
      },
      { type: 6, group: 'g', value: { assignmentEpoch: 7 } },
      {
        type: 8,
        group: 'g',
        member: 'm',
        value: { ...stable(7, a({ [T1]: [2, 0] })), pendingRevocation: a({ [T2]: [1] }) },
      },
      { type: 5, group: 'g', member: 'm', value: null },
    ];
    for (const r of records) {
      const back = roundTrip(r);
      assert.deepEqual(normalize(back), normalize(r));
    }
    const t7 = roundTrip({ type: 7, group: 'g', member: 'm', value: a({ [T1]: [1] }) });
    assert.deepEqual(plain(t7?.type === 7 ? (t7.value ?? undefined) : undefined), { [T1]: [1] });
  });
});
