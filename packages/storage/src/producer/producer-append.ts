import { StorageError } from '../errors.js';
import type { BatchProducerInfo } from './batch-producer-info.js';
import {
  addBatch,
  type BatchMetadata,
  inSequence,
  lastSeqOf,
  NO_PRODUCER_EPOCH,
  type ProducerStateEntry,
} from './producer-state-entry.js';

/** Who is appending: a producer, the transaction coordinator (markers), or a replica fetcher. */
export type AppendOrigin = 'client' | 'coordinator' | 'replication';

/** A transaction ended by a marker in this append (Kafka's CompletedTxn). */
export interface CompletedTxn {
  producerId: number;
  firstOffset: number;
  /** Offset of the marker. */
  lastOffset: number;
  isAborted: boolean;
}

/**
 * Kafka's ProducerAppendInfo.checkProducerEpoch and checkSequence for one batch, then the update
 * of `entry` (a copy the caller commits only if the whole append succeeds). Throws StorageError
 * with Kafka's code for a fenced epoch, a sequence gap, or a write outside the producer's
 * transaction. `current` is the committed state before this append (Kafka's currentEntry).
 */
export function applyBatch(
  entry: ProducerStateEntry,
  current: ProducerStateEntry,
  b: BatchProducerInfo,
  origin: AppendOrigin,
): CompletedTxn | null {
  if (b.isControl) return applyMarker(entry, b, origin);
  if (origin === 'client') {
    checkEpoch(entry, b.producerEpoch);
    checkSequence(entry, current, b);
    if (!b.isTransactional && entry.currentTxnFirstOffset >= 0) {
      throw new StorageError(
        'INVALID_TXN_STATE',
        `producer ${b.producerId} wrote a non-transactional batch inside its open transaction`,
      );
    }
  }
  const meta: BatchMetadata = {
    firstSeq: b.firstSeq,
    lastSeq: b.lastSeq,
    firstOffset: b.firstOffset,
    lastOffset: b.lastOffset,
    timestamp: b.maxTimestamp,
  };
  addBatch(entry, b.producerEpoch, meta);
  if (b.isTransactional && entry.currentTxnFirstOffset < 0) entry.currentTxnFirstOffset = b.firstOffset;
  return null;
}

function checkEpoch(entry: ProducerStateEntry, epoch: number): void {
  if (epoch < entry.producerEpoch) {
    // Since Kafka 2.7 a produce with an old epoch is INVALID_PRODUCER_EPOCH (abortable for
    // transactional clients, whose coordinator then answers PRODUCER_FENCED), never fatal here.
    throw new StorageError(
      'INVALID_PRODUCER_EPOCH',
      `epoch ${epoch} of producer ${entry.producerId} is older than its current epoch ${entry.producerEpoch}`,
    );
  }
}

function checkSequence(entry: ProducerStateEntry, current: ProducerStateEntry, b: BatchProducerInfo): void {
  if (b.producerEpoch !== entry.producerEpoch) {
    // A new epoch must start at sequence 0, unless the producer is unknown here (its state may
    // have expired or been deleted with the log's start): then any sequence is accepted.
    if (b.firstSeq !== 0 && entry.producerEpoch !== NO_PRODUCER_EPOCH) {
      throw new StorageError(
        'OUT_OF_ORDER_SEQUENCE_NUMBER',
        `producer ${b.producerId} starts epoch ${b.producerEpoch} at sequence ${b.firstSeq}, not 0`,
      );
    }
    return;
  }
  const lastSeq = lastSeqOf(entry);
  if (current.producerEpoch !== NO_PRODUCER_EPOCH && !inSequence(lastSeq, b.firstSeq)) {
    throw new StorageError(
      'OUT_OF_ORDER_SEQUENCE_NUMBER',
      `producer ${b.producerId} sent sequence ${b.firstSeq} after ${lastSeq} (epoch ${b.producerEpoch})`,
    );
  }
}

function applyMarker(entry: ProducerStateEntry, b: BatchProducerInfo, origin: AppendOrigin): CompletedTxn | null {
  if (origin === 'client') {
    throw new StorageError('INVALID_RECORD', 'clients may not write control batches');
  }
  if (origin === 'coordinator') {
    checkEpoch(entry, b.producerEpoch);
    if (b.coordinatorEpoch < entry.coordinatorEpoch) {
      throw new StorageError(
        'TRANSACTION_COORDINATOR_FENCED',
        `marker from coordinator epoch ${b.coordinatorEpoch}, producer ${b.producerId} saw ${entry.coordinatorEpoch}`,
      );
    }
  }
  if (b.producerEpoch !== entry.producerEpoch) {
    entry.producerEpoch = b.producerEpoch;
    entry.batches = [];
  }
  entry.coordinatorEpoch = b.coordinatorEpoch;
  entry.lastTimestamp = b.maxTimestamp;
  const first = entry.currentTxnFirstOffset;
  entry.currentTxnFirstOffset = -1;
  if (first < 0) return null;
  return { producerId: b.producerId, firstOffset: first, lastOffset: b.firstOffset, isAborted: b.commit === false };
}
