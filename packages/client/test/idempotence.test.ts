/**
 * The idempotent producer's bookkeeping without a broker (producer-recovery.test.ts has the broker's
 * side): sequence numbers per partition, their int32 wrap, and the batch bytes
 * carrying producer id, epoch and base sequence — encoded once, so a retry resends them unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { CompressionType, readBatchHeader } from '@samsa/protocol';
import type { Cluster } from '../src/metadata/cluster.js';
import { IdempotenceState } from '../src/producer/idempotence.js';
import { ProducerBatch } from '../src/producer/producer-batch.js';

function batch(topic: string, partition: number, n: number): ProducerBatch {
  const b = new ProducerBatch(topic, partition, Date.now());
  for (let i = 0; i < n; i++) b.append({ value: Buffer.from(`v${i}`), timestamp: 1 }, 10);
  return b;
}

describe('idempotence state', () => {
  const state = new IdempotenceState(true, {} as Cluster, silentLogger, {
    maxBlockMs: 1,
    retryBackoffMs: 1,
    retryBackoffMaxMs: 1,
  });
  state.producerId = 1234n;
  state.producerEpoch = 7;

  it('numbers batches per partition and stamps them into the encoded batch', () => {
    const a1 = batch('t', 0, 3);
    const a2 = batch('t', 0, 2);
    const b1 = batch('t', 1, 4);
    state.assign(a1);
    state.assign(a2);
    state.assign(b1);
    assert.deepEqual([a1.baseSequence, a2.baseSequence, b1.baseSequence], [0, 3, 0]);
    const header = readBatchHeader(a2.encode(CompressionType.None));
    assert.equal(header.producerId, 1234n);
    assert.equal(header.producerEpoch, 7);
    assert.equal(header.baseSequence, 3);
    assert.equal(header.recordCount, 2);
    assert.equal(a2.encode(CompressionType.None), a2.encode(CompressionType.None), 'encoded once, resent as is');
  });

  it('wraps sequences after int32 max', () => {
    const s = new IdempotenceState(true, {} as Cluster, silentLogger, {
      maxBlockMs: 1,
      retryBackoffMs: 1,
      retryBackoffMaxMs: 1,
    });
    (s as unknown as { sequences: Map<string, number> }).sequences.set('w\u00000', 0x7fffffff - 1);
    const x = batch('w', 0, 3);
    const y = batch('w', 0, 1);
    s.assign(x);
    s.assign(y);
    assert.equal(x.baseSequence, 0x7fffffff - 1);
    assert.equal(y.baseSequence, 1);
  });
});
