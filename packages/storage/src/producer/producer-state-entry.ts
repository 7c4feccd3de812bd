/**
 * One producer's state in one partition (Kafka's ProducerStateEntry): its epoch, the sequence and
 * offset ranges of its last five batches (enough to recognise a retry of any request still in
 * flight: clients keep at most five), and the first offset of its open transaction.
 */

/** Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN. */
export const NUM_BATCHES_TO_RETAIN = 5;

export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  /** The batch's max timestamp. */
  timestamp: number;
}

export interface ProducerStateEntry {
  producerId: number;
  producerEpoch: number;
  /** Oldest first; at most NUM_BATCHES_TO_RETAIN. Emptied when the epoch changes. */
  batches: BatchMetadata[];
  /** Epoch of the coordinator that wrote this producer's last transaction marker, -1 if none. */
  coordinatorEpoch: number;
  /** Timestamp of the producer's last batch (expiry is measured from it). */
  lastTimestamp: number;
  /** First offset of the producer's open transaction in this partition, -1 if none. */
  currentTxnFirstOffset: number;
}

export function emptyEntry(producerId: number): ProducerStateEntry {
  return {
    producerId,
    producerEpoch: NO_PRODUCER_EPOCH,
    batches: [],
    coordinatorEpoch: -1,
    lastTimestamp: -1,
    currentTxnFirstOffset: -1,
  };
}

export function cloneEntry(e: ProducerStateEntry): ProducerStateEntry {
  return { ...e, batches: [...e.batches] };
}

export function lastSeqOf(e: ProducerStateEntry): number {
  return e.batches.length === 0 ? NO_SEQUENCE : (e.batches[e.batches.length - 1] as BatchMetadata).lastSeq;
}

/** The retained batch with exactly this epoch and sequence range, if any (a retry). */
export function findDuplicate(
  e: ProducerStateEntry,
  epoch: number,
  firstSeq: number,
  lastSeq: number,
): BatchMetadata | undefined {
  if (e.producerEpoch !== epoch) return undefined;
  return e.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
}

/** Records a batch; a new epoch starts the retained batches afresh. */
export function addBatch(e: ProducerStateEntry, epoch: number, batch: BatchMetadata): void {
  if (epoch !== e.producerEpoch) {
    e.producerEpoch = epoch;
    e.batches = [];
  }
  e.batches.push(batch);
  if (e.batches.length > NUM_BATCHES_TO_RETAIN) e.batches.shift();
  e.lastTimestamp = batch.timestamp;
}

/** Sequences wrap from Integer.MAX_VALUE to 0. */
export function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === 0x7fffffff);
}

/** The last sequence of a batch of `count` records starting at `baseSeq`, wrapping as Kafka does. */
export function lastSequence(baseSeq: number, lastOffsetDelta: number): number {
  if (baseSeq === NO_SEQUENCE) return NO_SEQUENCE;
  const last = baseSeq + lastOffsetDelta;
  return last > 0x7fffffff ? last - 0x80000000 : last;
}
