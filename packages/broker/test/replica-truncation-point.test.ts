/** The truncation rules of KIP-101 / KIP-279 as a pure function (replica/truncation.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FollowerLogView, truncationPoint } from '../src/replica/truncation.js';

/** A follower log with epochs [epoch, startOffset] ending at `logEndOffset`, answering like the epoch cache. */
function followerLog(epochs: Array<[number, number]>, logEndOffset: number, highWatermark = 0): FollowerLogView {
  return {
    logEndOffset,
    highWatermark,
    endOffsetForEpoch(requested) {
      const latest = epochs.at(-1);
      if (!latest) return { epoch: -1, endOffset: -1 };
      if (requested === latest[0]) return { epoch: requested, endOffset: logEndOffset };
      const higher = epochs.findIndex(([e]) => e > requested);
      if (higher < 0) return { epoch: -1, endOffset: -1 };
      const start = (epochs[higher] as [number, number])[1];
      return higher === 0
        ? { epoch: requested, endOffset: start }
        : { epoch: (epochs[higher - 1] as [number, number])[0], endOffset: start };
    },
  };
}

describe('truncationPoint', () => {
  it('same epoch on both sides: the smaller end of it', () => {
    assert.deepEqual(
      truncationPoint(
        { leaderEpoch: 1, endOffset: 7 },
        followerLog(
          [
            [0, 0],
            [1, 5],
          ],
          10,
        ),
      ),
      { offset: 7, complete: true },
    );
    assert.deepEqual(
      truncationPoint(
        { leaderEpoch: 1, endOffset: 12 },
        followerLog(
          [
            [0, 0],
            [1, 5],
          ],
          10,
        ),
      ),
      { offset: 10, complete: true },
    );
    assert.deepEqual(
      truncationPoint(
        { leaderEpoch: 0, endOffset: 5 },
        followerLog(
          [
            [0, 0],
            [2, 8],
          ],
          10,
        ),
      ),
      { offset: 5, complete: true },
    );
  });

  it('the leader answers an epoch the follower lacks: cut to the follower epoch below it and ask again', () => {
    // Follower wrote epochs 0 and 3; the leader knows 0 and 2 and answers 2 for a question about 3.
    assert.deepEqual(
      truncationPoint(
        { leaderEpoch: 2, endOffset: 9 },
        followerLog(
          [
            [0, 0],
            [3, 6],
          ],
          10,
        ),
      ),
      { offset: 6, complete: false },
    );
  });

  it('the leader knows nothing of the epoch: fall back to the high watermark', () => {
    assert.deepEqual(truncationPoint({ leaderEpoch: -1, endOffset: -1 }, followerLog([[4, 0]], 10, 3)), {
      offset: 3,
      complete: true,
    });
  });

  it('an old leader answering only an offset, or a follower without that epoch: the leader end offset', () => {
    assert.deepEqual(truncationPoint({ leaderEpoch: -1, endOffset: 4 }, followerLog([[0, 0]], 10)), {
      offset: 4,
      complete: true,
    });
    assert.deepEqual(truncationPoint({ leaderEpoch: 5, endOffset: 4 }, followerLog([], 10)), {
      offset: 4,
      complete: true,
    });
  });

  it('never past the follower log end', () => {
    assert.deepEqual(truncationPoint({ leaderEpoch: -1, endOffset: 40 }, followerLog([[0, 0]], 10)), {
      offset: 10,
      complete: true,
    });
  });
});
