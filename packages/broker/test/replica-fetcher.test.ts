/**
 * The follower loop against a scripted leader (no second broker): out-of-range answers, fencing,
 * and retries after errors, where the leader's answers are chosen by the test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import { PartitionLog, parseLogConfig } from '@samsa/storage';
import type {
  EpochAnswer,
  EpochQuery,
  FetchedPartition,
  FetchPartition,
  LeaderEndpoint,
} from '../src/replica/leader-endpoint.js';
import { ReplicaFetcher } from '../src/replica/replica-fetcher.js';
import { waitFor } from './support/wait.js';

/** A leader whose every answer comes from the test's `onFetch`. */
class ScriptedLeader implements LeaderEndpoint {
  readonly leaderId = 1;
  readonly fetches: FetchPartition[] = [];
  logEnd = 0;
  logStart = 0;
  onFetch: (p: FetchPartition) => Partial<FetchedPartition> = () => ({});

  async fetch(_params: unknown, partitions: FetchPartition[]): Promise<FetchedPartition[]> {
    await new Promise((r) => setTimeout(r, 5));
    return partitions.map((p) => {
      this.fetches.push(p);
      return {
        topic: p.topic,
        partition: p.partition,
        errorCode: 0,
        highWatermark: 0,
        logStartOffset: 0,
        records: null,
        ...this.onFetch(p),
      };
    });
  }

  async offsetForLeaderEpoch(_replicaId: number, queries: EpochQuery[]): Promise<EpochAnswer[]> {
    return queries.map((q) => ({
      topic: q.topic,
      partition: q.partition,
      errorCode: 0,
      leaderEpoch: q.leaderEpoch,
      endOffset: this.logEnd,
    }));
  }

  async earliestOffset(): Promise<number> {
    return this.logStart;
  }

  async latestOffset(): Promise<number> {
    return this.logEnd;
  }

  close(): void {}
}

describe('replica fetcher', () => {
  let dir: string;
  let log: PartitionLog;
  let fetcher: ReplicaFetcher | null = null;
  let leader: ScriptedLeader;
  const options = {
    brokerId: 2,
    maxWaitMs: 10,
    minBytes: 1,
    maxBytes: 1 << 20,
    responseMaxBytes: 1 << 20,
    backoffMs: 20,
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-fetcher-'));
    log = PartitionLog.open(dir, 't', 0, parseLogConfig({}));
    leader = new ScriptedLeader();
  });

  afterEach(async () => {
    await fetcher?.stop();
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(): ReplicaFetcher {
    fetcher = new ReplicaFetcher(leader, { followerLog: () => log }, options, silentLogger);
    fetcher.addPartition('t', 0, 3);
    return fetcher;
  }

  it('out of range past the leader log end: truncates down to it', async () => {
    log.appendAsLeader(
      encodeRecordBatch({
        records: [{ value: Buffer.from('a') }, { value: Buffer.from('b') }, { value: Buffer.from('c') }],
      }),
      3,
    );
    log.highWatermark = 1;
    leader.logEnd = 3;
    leader.onFetch = (p) => (p.fetchOffset === 3 ? { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE } : { highWatermark: 1 });
    start();
    await waitFor('an out-of-range answer', () => leader.fetches.some((f) => f.fetchOffset === 3));
    leader.logEnd = 1;
    await waitFor('the truncation', () => log.logEndOffset === 1);
    await waitFor('a fetch from the new end', () => leader.fetches.at(-1)?.fetchOffset === 1);
    assert.equal(leader.fetches.at(-1)?.currentLeaderEpoch, 3);
  });

  it('out of range before the leader log start: restarts the log there', async () => {
    leader.logStart = 7;
    leader.logEnd = 9;
    leader.onFetch = (p) =>
      p.fetchOffset < 7 ? { errorCode: ErrorCode.OFFSET_OUT_OF_RANGE } : { highWatermark: 9, logStartOffset: 7 };
    start();
    await waitFor('a fetch from the leader log start', () => leader.fetches.at(-1)?.fetchOffset === 7);
    assert.equal(log.logStartOffset, 7);
    assert.equal(log.logEndOffset, 7);
  });

  it('FENCED_LEADER_EPOCH stops fetching the partition until it is added again; other errors are retried', async () => {
    let fenced = true;
    leader.onFetch = () => (fenced ? { errorCode: ErrorCode.FENCED_LEADER_EPOCH } : {});
    const f = start();
    await waitFor('the fenced answer', () => leader.fetches.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(leader.fetches.length, 1, 'no fetch while fenced');
    fenced = false;
    f.addPartition('t', 0, 4);
    await waitFor('fetching again', () => leader.fetches.length > 1);
    assert.equal(leader.fetches.at(-1)?.currentLeaderEpoch, 4);

    leader.onFetch = () => ({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER });
    const before = leader.fetches.length;
    await waitFor('retries after the backoff', () => leader.fetches.length >= before + 3);
  });
});
