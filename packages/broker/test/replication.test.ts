/**
 * Replication between ReplicaManagers in one process (support/replica-cluster.ts): followers copy
 * the leader's log byte for byte, the high watermark is the minimum over the ISR, acks=all waits
 * for the ISR, and min.insync.replicas is enforced before and after the append.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import { replicaFetchRequest } from '../src/replica/replica-fetch-request.js';
import type { AppendResult } from '../src/replica/replica-manager.js';
import { ReplicaCluster } from './support/replica-cluster.js';
import { waitFor } from './support/wait.js';

describe('replication', () => {
  let cluster: ReplicaCluster;
  afterEach(async () => {
    await cluster.close();
  });

  it('followers catch up byte for byte and the high watermark follows the slowest in-sync replica', async () => {
    cluster = new ReplicaCluster([1, 2, 3]);
    cluster.elect('t', 0, 1, [1, 2, 3]);
    for (let i = 0; i < 5; i++) assert.equal(cluster.produce(1, 't', [`a${i}`, `b${i}`]).errorCode, ErrorCode.NONE);
    const leader = cluster.log(1, 't');
    assert.equal(leader.logEndOffset, 10);
    await waitFor(
      'followers to copy the log',
      () => cluster.log(2, 't').logEndOffset === 10 && cluster.log(3, 't').logEndOffset === 10,
    );
    await waitFor('the high watermark everywhere', () =>
      [1, 2, 3].every((id) => cluster.log(id, 't').highWatermark === 10),
    );
    assert.deepEqual(cluster.bytes(2, 't'), cluster.bytes(1, 't'));
    assert.deepEqual(cluster.bytes(3, 't'), cluster.bytes(1, 't'));
    assert.deepEqual(cluster.log(2, 't').epochEntries(), [{ epoch: 0, startOffset: 0 }]);

    // Broker 3 stops fetching: the high watermark stops at what it has.
    cluster.node(3).endpoints.get(1)?.pause();
    await waitFor('a fetch of broker 3 to be parked', async () => {
      cluster.produce(1, 't', ['probe']);
      return cluster.log(3, 't').logEndOffset < leader.logEndOffset - 1;
    });
    await waitFor('broker 2 to catch up', () => cluster.log(2, 't').logEndOffset === leader.logEndOffset);
    // What the leader knows of broker 3 is the offset of its last fetch.
    const held = cluster.node(1).replicas.getPartition('t', 0)?.follower(3)?.logEndOffset ?? -1;
    assert.ok(held >= 10 && held < leader.logEndOffset);
    assert.equal(leader.highWatermark, held);
    const consumerRead = cluster.node(1).replicas.read({
      topic: 't',
      partition: 0,
      fetchOffset: held,
      maxBytes: 1 << 20,
      minOneBatch: true,
      readCommitted: false,
    });
    assert.equal(consumerRead.errorCode, ErrorCode.NONE);
    assert.equal(consumerRead.records?.length, 0, 'consumers see nothing above the high watermark');
    const followerRead = cluster.node(1).replicas.read({
      topic: 't',
      partition: 0,
      fetchOffset: held,
      maxBytes: 1 << 20,
      minOneBatch: true,
      readCommitted: false,
      reader: {
        replicaId: 2,
        currentLeaderEpoch: 0,
      },
    });
    assert.ok((followerRead.records?.length ?? 0) > 0, 'followers read up to the log end');
    cluster.node(3).endpoints.get(1)?.resume();
    await waitFor('the high watermark to reach the log end', () => leader.highWatermark === leader.logEndOffset);
  });

  it('followers refuse produce and consumer fetch, and only assigned replicas may fetch as followers', async () => {
    cluster = new ReplicaCluster([1, 2, 3]);
    cluster.elect('t', 0, 1, [1, 2], [1, 2]);
    assert.equal(cluster.produce(2, 't', ['x']).errorCode, ErrorCode.NOT_LEADER_OR_FOLLOWER);
    assert.equal(
      cluster.node(2).replicas.read({
        topic: 't',
        partition: 0,
        fetchOffset: 0,
        maxBytes: 100,
        minOneBatch: true,
        readCommitted: false,
      }).errorCode,
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
    );
    assert.equal(cluster.node(1).replicas.recordFollowerFetch(3, 't', 0, 0, 0), ErrorCode.NOT_LEADER_OR_FOLLOWER);
    assert.equal(cluster.node(1).replicas.recordFollowerFetch(2, 't', 0, 0, 0), ErrorCode.NONE);
    // The debugging replica id (-2, what OffsetForLeaderEpoch v0-2 imply) may ask any replica.
    assert.equal(
      cluster.node(2).replicas.endOffsetForEpoch('t', 0, -1, 0, -1).errorCode,
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
    );
    assert.equal(
      cluster.node(2).replicas.endOffsetForEpoch('t', 0, -1, 0, 2).errorCode,
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
    );
    assert.equal(cluster.node(2).replicas.endOffsetForEpoch('t', 0, -1, 0, -2).errorCode, ErrorCode.NONE);
  });

  it('Fetch v15 names the follower in ReplicaState', async () => {
    cluster = new ReplicaCluster([1, 2]);
    cluster.elect('t', 0, 1, [1, 2], [1, 2], [1]);
    cluster.produce(1, 't', ['a', 'b', 'c']);
    const req = replicaFetchRequest({ replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20 }, [
      { topic: 't', partition: 0, fetchOffset: 1, currentLeaderEpoch: 0, maxBytes: 1 << 20 },
    ]);
    req.replicaState.replicaId = 2;
    for (const t of req.topics) t.topicId = 'id:t';
    req.replicaState.replicaEpoch = -1n;
    const res = await cluster.node(1).fetcher.fetch(req, 15, Date.now());
    assert.equal(res.responses[0]?.partitions[0]?.errorCode, ErrorCode.NONE);
    assert.equal(cluster.node(1).replicas.getPartition('t', 0)?.follower(2)?.logEndOffset, 1);
    assert.ok((res.responses[0]?.partitions[0]?.records?.length ?? 0) > 0, 'read past the high watermark of 1');
  });

  it('acks=all completes only once every in-sync follower has fetched the records', async () => {
    cluster = new ReplicaCluster([1, 2, 3]);
    cluster.elect('t', 0, 1, [1, 2, 3]);
    cluster.node(3).endpoints.get(1)?.pause();
    const appended = cluster.produce(1, 't', ['x', 'y'], -1);
    assert.equal(appended.errorCode, ErrorCode.NONE);
    const waiting = cluster.node(1).replicas.awaitReplication([{ topic: 't', partition: 0, result: appended }], 30_000);
    assert.ok(waiting instanceof Promise, 'a follower lacks the records, so the produce waits');
    let settled: AppendResult[] | null = null;
    void waiting.then((r) => {
      settled = r;
    });
    await waitFor('broker 2 to fetch the records', () => cluster.log(2, 't').logEndOffset === 2);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, null, 'broker 3 has not fetched yet');
    assert.equal(cluster.node(1).replicas.producePurgatory.watched, 1);
    cluster.node(3).endpoints.get(1)?.resume();
    const [result] = await waiting;
    assert.equal(result?.errorCode, ErrorCode.NONE);
    assert.equal(result?.baseOffset, 0);
    assert.ok(cluster.log(3, 't').logEndOffset >= 2);
    assert.ok(cluster.log(1, 't').highWatermark >= 2);
  });

  it('acks=all times out with REQUEST_TIMED_OUT and fails with NOT_LEADER_OR_FOLLOWER when leadership moves', async () => {
    cluster = new ReplicaCluster([1, 2]);
    cluster.elect('t', 0, 1, [1, 2]);
    cluster.node(2).endpoints.get(1)?.pause();
    const a = cluster.produce(1, 't', ['x'], -1);
    const timedOut = cluster.node(1).replicas.awaitReplication([{ topic: 't', partition: 0, result: a }], 1);
    assert.ok(timedOut instanceof Promise);
    assert.equal((await timedOut)[0]?.errorCode, ErrorCode.REQUEST_TIMED_OUT);
    const b = cluster.produce(1, 't', ['y'], -1);
    const moved = cluster.node(1).replicas.awaitReplication([{ topic: 't', partition: 0, result: b }], 30_000);
    assert.ok(moved instanceof Promise);
    cluster.elect('t', 0, 2, [2]);
    assert.equal((await moved)[0]?.errorCode, ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });

  it('min.insync.replicas: NOT_ENOUGH_REPLICAS before the append, NOT_ENOUGH_REPLICAS_AFTER_APPEND after', async () => {
    cluster = new ReplicaCluster([1, 2, 3], { 'min.insync.replicas': '2' });
    cluster.elect('t', 0, 1, [1]);
    assert.equal(cluster.produce(1, 't', ['x'], -1).errorCode, ErrorCode.NOT_ENOUGH_REPLICAS);
    assert.equal(cluster.log(1, 't').logEndOffset, 0, 'nothing was appended');
    assert.equal(cluster.produce(1, 't', ['x'], 1).errorCode, ErrorCode.NONE, 'acks=1 does not care');

    cluster.elect('t', 0, 1, [1, 2, 3]);
    for (const id of [2, 3]) cluster.node(id).endpoints.get(1)?.pause();
    const appended = cluster.produce(1, 't', ['y'], -1);
    assert.equal(appended.errorCode, ErrorCode.NONE);
    const waiting = cluster.node(1).replicas.awaitReplication([{ topic: 't', partition: 0, result: appended }], 30_000);
    assert.ok(waiting instanceof Promise);
    // Both followers stall past replica.lag.time.max.ms: the ISR shrinks to the leader alone,
    // the high watermark passes the records, and the produce learns they are under-replicated.
    cluster.clock += 30_001;
    assert.equal(cluster.node(1).replicas.maybeShrinkIsr(), 1);
    const [result] = await waiting;
    assert.equal(result?.errorCode, ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    assert.equal(result?.baseOffset, 1);
    assert.deepEqual(cluster.zkState('t')?.isr, [1]);
  });
});
