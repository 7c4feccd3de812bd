import { isControlAt, lastOffsetAt, producerIdAt } from '@samsa/protocol';
import type { LogSegment } from '../segment/log-segment.js';
import { batchProducerInfo } from './batch-producer-info.js';
import type { CompletedTxn } from './producer-append.js';
import type { ProducerStateManager } from './producer-state-manager.js';

/**
 * Kafka's rebuildProducerState: the newest snapshot at or below the log end, then every batch from
 * there to the log end replayed (headers only; control batches are read whole for their marker).
 * `onCompleted` sees each transaction a replayed marker ends, in log order.
 */
export function rebuildProducerState(
  state: ProducerStateManager,
  segments: readonly LogSegment[],
  logStartOffset: number,
  logEndOffset: number,
  onCompleted?: (txn: CompletedTxn) => void,
): void {
  const from = state.loadSnapshot(logStartOffset, logEndOffset);
  for (const segment of segments) {
    if (segment.size === 0) continue;
    const start = segment.translateOffset(from);
    if (!start) continue;
    const scanner = segment.scan(start.position);
    while (scanner.next() === 'batch') {
      if (lastOffsetAt(scanner.buf, scanner.at) < from) continue;
      if (producerIdAt(scanner.buf, scanner.at) < 0) continue;
      if (isControlAt(scanner.buf, scanner.at) && !scanner.loadWhole()) break;
      const done = state.replay(batchProducerInfo(scanner.buf, scanner.at));
      if (done) onCompleted?.(done);
    }
  }
  state.mapEndOffset = logEndOffset;
}
