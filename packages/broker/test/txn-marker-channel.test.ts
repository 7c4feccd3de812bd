/**
 * The cluster-mode marker writer (RemoteTxnMarkerWriter) against a metadata cache the test edits:
 * a leader that cannot be reached is retried after the cache names a new one; a partition whose
 * topic was deleted needs no marker; fencing ends the attempt at once; a coordinator that stops
 * wanting the markers (it resigned) ends the retries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { RemoteTxnMarkerWriter } from '../src/coordinator/txn/remote-txn-marker-writer.js';
import type { MarkerRequest } from '../src/coordinator/txn/txn-marker-appender.js';
import type { TxnPartition } from '../src/coordinator/txn/txn-metadata.js';
import type { MetadataCache, TopicView } from '../src/metadata/metadata-cache.js';
import { freePort } from '../src/testing/index.js';

const SELF = 1;
const MARKER: MarkerRequest = { producerId: 7, producerEpoch: 0, coordinatorEpoch: 3, commit: true };

/** Topic `t` with one partition per entry of `leaders`; broker 2 listens on a port nobody serves. */
function metadata(leaders: number[], deadPort: number) {
  const state = { leaders, deleted: false };
  const topic = (): TopicView | undefined =>
    state.deleted
      ? undefined
      : {
          name: 't',
          topicId: 'x',
          isInternal: false,
          partitions: state.leaders.map((leaderId, partition) => ({
            partition,
            leaderId,
            leaderEpoch: 0,
            replicas: [1, 2],
            isr: [1, 2],
            offlineReplicas: [],
          })),
        };
  const cache = {
    clusterId: 'c',
    controllerId: () => SELF,
    brokers: () => [
      { nodeId: 1, host: '127.0.0.1', port: 1, rack: null },
      { nodeId: 2, host: '127.0.0.1', port: deadPort, rack: null },
    ],
    topic,
    topics: () => [],
    topicIdOf: () => undefined,
    topicNameById: () => undefined,
  } satisfies MetadataCache;
  return { cache, state };
}

function writer(cache: MetadataCache, local: (p: readonly TxnPartition[]) => number[]) {
  const appended: TxnPartition[][] = [];
  const w = new RemoteTxnMarkerWriter({
    brokerId: SELF,
    metadata: cache,
    listener: 'PLAINTEXT',
    requestTimeoutMs: 2000,
    local: {
      append: async (_m, partitions) => {
        appended.push([...partitions]);
        return local(partitions);
      },
    },
    logger: silentLogger,
    backoffMs: 10,
    maxBackoffMs: 20,
  });
  return { w, appended };
}

const both: TxnPartition[] = [
  { topic: 't', partition: 0 },
  { topic: 't', partition: 1 },
];

describe('transaction marker channel (cluster mode)', () => {
  it('retries a partition whose leader cannot be reached until the cache names a leader that takes it', async () => {
    const { cache, state } = metadata([SELF, 2], await freePort());
    const { w, appended } = writer(cache, (ps) => ps.map(() => ErrorCode.NONE));
    let attempts = 0;
    const codes = await w.write(MARKER, both, Date.now(), () => {
      // After a few failed rounds against broker 2, leadership of partition 1 moves here.
      if (++attempts === 3) state.leaders = [SELF, SELF];
      return attempts < 50;
    });
    w.close();
    assert.deepEqual(codes, [ErrorCode.NONE, ErrorCode.NONE]);
    assert.deepEqual(appended, [[{ topic: 't', partition: 0 }], [{ topic: 't', partition: 1 }]]);
  });

  it('skips partitions of a deleted topic and stops at once when fenced', async () => {
    const { cache, state } = metadata([SELF, SELF], await freePort());
    state.deleted = true;
    const deleted = writer(cache, () => assert.fail('nothing to append'));
    assert.deepEqual(await deleted.w.write(MARKER, both, Date.now(), () => true), [0, 0]);

    state.deleted = false;
    const fenced = writer(cache, (ps) => ps.map(() => ErrorCode.TRANSACTION_COORDINATOR_FENCED));
    const codes = await fenced.w.write(MARKER, both, Date.now(), () => true);
    assert.deepEqual(codes, [ErrorCode.TRANSACTION_COORDINATOR_FENCED, ErrorCode.TRANSACTION_COORDINATOR_FENCED]);
    assert.equal(fenced.appended.length, 1, 'not retried');
  });

  it('gives up when the coordinator no longer wants the markers', async () => {
    const { cache } = metadata([SELF, SELF], await freePort());
    const { w, appended } = writer(cache, (ps) => ps.map(() => ErrorCode.NOT_LEADER_OR_FOLLOWER));
    let wanted = true;
    setTimeout(() => {
      wanted = false;
    }, 100);
    const codes = await w.write(MARKER, both, Date.now(), () => wanted);
    assert.ok(codes.every((c) => c !== ErrorCode.NONE));
    assert.ok(appended.length >= 2, 'retried while wanted');
  });
});
