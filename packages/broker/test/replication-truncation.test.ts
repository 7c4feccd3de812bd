/**
 * Logs that diverged across a leader change reconverge (KIP-101 / KIP-279): a follower cuts the
 * suffix it wrote in an older epoch that the new leader never had, never below what was committed
 * after a clean election, and below it only after an unclean one; a follower behind the leader's
 * log start starts over there.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { decodeRecordBatches, ErrorCode } from '@samsa/protocol';
import { REPLICA_FETCH_VERSION, replicaFetchRequest } from '../src/replica/replica-fetch-request.js';
import { ReplicaCluster } from './support/replica-cluster.js';
import { waitFor } from './support/wait.js';

function values(bytes: Buffer): string[] {
  return decodeRecordBatches(bytes).flatMap((b) => b.records.map((r) => r.value?.toString() ?? ''));
}

describe('replication: truncation', () => {
  let cluster: ReplicaCluster;
  afterEach(async () => {
    await cluster.close();
  });

  async function committedOnBoth(): Promise<void> {
    cluster.elect('t', 0, 1, [1, 2]);
    cluster.produce(1, 't', ['c0', 'c1']);
    await waitFor('both to hold the committed records', () => cluster.log(1, 't').highWatermark === 2);
    await cluster.stopFetching(2, 't');
  }

  it('a follower drops its uncommitted suffix from the old epoch and then matches the new leader', async () => {
    cluster = new ReplicaCluster([1, 2]);
    await committedOnBoth();
    // Broker 1 writes records broker 2 never gets: uncommitted, since broker 2 is in the ISR.
    cluster.produce(1, 't', ['u0', 'u1', 'u2']);
    assert.equal(cluster.log(1, 't').logEndOffset, 5);
    assert.equal(cluster.log(1, 't').highWatermark, 2);
    assert.equal(cluster.log(2, 't').logEndOffset, 2);
    const truncations = cluster.spyTruncations(1, 't');

    cluster.elect('t', 0, 2, [1, 2]);
    assert.equal(cluster.log(2, 't').logEndOffset, 2, 'the new leader truncates nothing');
    assert.equal(cluster.produce(2, 't', ['n0', 'n1']).errorCode, ErrorCode.NONE);
    await waitFor(
      'broker 1 to match broker 2',
      () => cluster.log(1, 't').logEndOffset === 4 && cluster.log(1, 't').latestEpoch === 1,
    );

    assert.deepEqual(truncations, [2], 'cut exactly where the epochs diverge');
    assert.ok(
      truncations.every((o) => o >= 2),
      'committed records are never truncated',
    );
    assert.deepEqual(cluster.bytes(1, 't'), cluster.bytes(2, 't'));
    assert.deepEqual(values(cluster.bytes(1, 't')), ['c0', 'c1', 'n0', 'n1']);
    assert.deepEqual(cluster.log(1, 't').epochEntries(), [
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 2 },
    ]);
    await waitFor(
      'the high watermark on both',
      () => cluster.log(2, 't').highWatermark === 4 && cluster.log(1, 't').highWatermark === 4,
    );
  });

  it('after an unclean election the old leader loses what the new leader never had, committed or not', async () => {
    cluster = new ReplicaCluster([1, 2]);
    await committedOnBoth();
    cluster.produce(1, 't', ['x0', 'x1', 'x2']);
    // Broker 2 falls out of the ISR, so broker 1 alone commits x0-x2.
    cluster.clock += 30_001;
    assert.equal(cluster.node(1).replicas.maybeShrinkIsr(), 1);
    await waitFor('x0-x2 to be committed', () => cluster.log(1, 't').highWatermark === 5);
    const before = cluster.bytes(2, 't');
    const truncations = cluster.spyTruncations(1, 't');

    // Broker 1 is gone, unclean.leader.election.enable: the out-of-sync broker 2 leads.
    cluster.elect('t', 0, 2, [2]);
    assert.deepEqual(cluster.bytes(2, 't'), before, 'the new leader keeps its log as it is');
    cluster.produce(2, 't', ['n0']);
    await waitFor(
      'broker 1 to match broker 2',
      () => cluster.log(1, 't').logEndOffset === 3 && cluster.log(1, 't').latestEpoch === 1,
    );
    assert.deepEqual(truncations, [2], 'below the old high watermark of 5: the data loss of an unclean election');
    assert.deepEqual(values(cluster.bytes(1, 't')), ['c0', 'c1', 'n0']);
    assert.deepEqual(cluster.bytes(1, 't'), cluster.bytes(2, 't'));
  });

  it('a follower behind the leader log start offset restarts its log there', async () => {
    cluster = new ReplicaCluster([1, 2]);
    cluster.elect('t', 0, 1, [1], [1, 2], [1]);
    for (const v of ['a', 'b', 'c']) cluster.produce(1, 't', [v]);
    assert.equal(cluster.node(1).replicas.deleteRecords('t', 0, 2).lowWatermark, 2);
    cluster.sendLeaderAndIsr(2, 't', 0);
    const truncations = cluster.spyTruncations(2, 't');
    await waitFor('broker 2 to copy from the log start', () => cluster.log(2, 't').logEndOffset === 3);
    assert.deepEqual(truncations, [-1], 'the whole (empty) log was restarted');
    assert.equal(cluster.log(2, 't').logStartOffset, 2);
    assert.deepEqual(values(cluster.bytes(2, 't')), ['c']);
    assert.deepEqual(cluster.bytes(2, 't'), cluster.bytes(1, 't'));
    await waitFor(
      'broker 2 to join the ISR',
      () => cluster.node(1).replicas.getPartition('t', 0)?.isr.includes(2) === true,
    );
  });

  it('a follower fetch naming its last fetched epoch learns where it diverged instead of getting records', async () => {
    cluster = new ReplicaCluster([1, 2]);
    cluster.elect('t', 0, 1, [1, 2], [1, 2], [1]);
    cluster.produce(1, 't', ['a', 'b']);
    cluster.elect('t', 0, 1, [1, 2], [1, 2], [1]);
    cluster.produce(1, 't', ['c']);
    const leader = cluster.node(1);
    const fetch = async (fetchOffset: number, lastFetchedEpoch: number) => {
      const req = replicaFetchRequest({ replicaId: 2, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20 }, [
        { topic: 't', partition: 0, fetchOffset, currentLeaderEpoch: 1, maxBytes: 1 << 20 },
      ]);
      const p = req.topics[0]?.partitions[0];
      if (p) p.lastFetchedEpoch = lastFetchedEpoch;
      const res = await leader.fetcher.fetch(req, REPLICA_FETCH_VERSION, Date.now());
      return res.responses[0]?.partitions[0];
    };
    // Broker 2 claims offsets 0-3 in epoch 0, but epoch 0 ended at 2 here.
    const diverged = await fetch(4, 0);
    assert.equal(diverged?.errorCode, ErrorCode.NONE);
    assert.deepEqual(diverged?.divergingEpoch, { epoch: 0, endOffset: 2n });
    assert.equal(diverged?.records?.length ?? 0, 0);
    assert.equal(
      leader.replicas.getPartition('t', 0)?.follower(2)?.logEndOffset,
      -1,
      'a diverged offset is not its log end',
    );

    const agreeing = await fetch(2, 0);
    assert.deepEqual(agreeing?.divergingEpoch, { epoch: -1, endOffset: -1n });
    assert.deepEqual(values(agreeing?.records ?? Buffer.alloc(0)), ['c']);
    assert.equal(leader.replicas.getPartition('t', 0)?.follower(2)?.logEndOffset, 2);
  });
});
