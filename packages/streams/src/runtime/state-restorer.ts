/**
 * Restores stores from their changelogs before a task processes (Kafka's StoreChangelogReader, in
 * its simplest form): each changelog partition is read from the offset after its checkpoint (or
 * from the beginning without one) up to the end offset taken when restoration started, and every
 * record is replayed into its store. Under exactly_once_v2 the restore consumer reads
 * read_committed, so the end is the last stable offset and aborted records are skipped.
 * Progress goes to the StateRestoreListener (onRestoreStart, onBatchRestored per poll,
 * onRestoreEnd), as Kafka reports it.
 */
import type { Consumer, TopicPartition } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { StreamsError } from '../errors.js';
import type { ChangelogRegistration } from '../processor/stream-task.js';

/** Kafka's StateRestoreListener. Offsets are bigints, as the client's. */
export interface StateRestoreListener {
  onRestoreStart(partition: TopicPartition, storeName: string, startingOffset: bigint, endingOffset: bigint): void;
  onBatchRestored(partition: TopicPartition, storeName: string, batchEndOffset: bigint, numRestored: number): void;
  onRestoreEnd(partition: TopicPartition, storeName: string, totalRestored: number): void;
}

/** A checkpoint at or past the changelog's end: the store cannot be trusted. */
export class CheckpointAheadError extends StreamsError {
  constructor(changelog: string, checkpoint: bigint, end: bigint) {
    super('STATE_STORE', `checkpoint of ${changelog} at ${checkpoint} is past the changelog's end ${end}`);
  }
}

export interface RestoreOptions {
  logger: Logger;
  timeoutMs: number;
  /** Per changelog partition (`topic:partition`), the last offset already in the store. */
  checkpoints?: ReadonlyMap<string, bigint>;
  listener?: StateRestoreListener | null;
}

/** Restores every registration; returns, per changelog partition, the last offset restored. */
export async function restoreChangelogs(
  consumer: Consumer,
  registrations: ChangelogRegistration[],
  options: RestoreOptions,
): Promise<Map<string, bigint>> {
  const restoredTo = new Map<string, bigint>();
  if (registrations.length === 0) return restoredTo;
  const listener = options.listener ?? null;
  const tps: TopicPartition[] = registrations.map((r) => ({ topic: r.topic, partition: r.partition }));
  const ends = await consumer.endOffsets(tps);
  const byKey = new Map(registrations.map((r) => [`${r.topic}:${r.partition}`, r]));
  const remaining = new Map<string, bigint>();
  const totals = new Map<string, number>();
  const toAssign: Array<TopicPartition & { from: bigint }> = [];
  for (const e of ends) {
    const k = `${e.topic}:${e.partition}`;
    const checkpoint = options.checkpoints?.get(k);
    if (checkpoint !== undefined && checkpoint >= e.offset) {
      // The store claims records the changelog does not have (topic re-created, or under EOS an
      // uncommitted tail): Kafka's TaskCorruptedException. The caller wipes and restores in full.
      throw new CheckpointAheadError(`${e.topic}-${e.partition}`, checkpoint, e.offset);
    }
    const from = checkpoint === undefined ? 0n : checkpoint + 1n;
    if (checkpoint !== undefined) restoredTo.set(k, checkpoint);
    if (e.offset <= from) continue;
    remaining.set(k, e.offset);
    totals.set(k, 0);
    toAssign.push({ topic: e.topic, partition: e.partition, from });
    listener?.onRestoreStart(
      { topic: e.topic, partition: e.partition },
      (byKey.get(k) as ChangelogRegistration).store,
      from,
      e.offset,
    );
  }
  if (remaining.size === 0) return restoredTo;
  consumer.assign(toAssign.map(({ topic, partition }) => ({ topic, partition })));
  // A checkpoint below the log start (compaction, retention) restores from the beginning.
  const starts = new Map(
    (await consumer.beginningOffsets(toAssign)).map((b) => [`${b.topic}:${b.partition}`, b.offset]),
  );
  for (const tp of toAssign) {
    const start = starts.get(`${tp.topic}:${tp.partition}`) ?? 0n;
    consumer.seek(tp, tp.from > start ? tp.from : start);
  }
  const deadline = Date.now() + options.timeoutMs;
  const finish = (k: string) => {
    remaining.delete(k);
    const reg = byKey.get(k) as ChangelogRegistration;
    listener?.onRestoreEnd({ topic: reg.topic, partition: reg.partition }, reg.store, totals.get(k) ?? 0);
  };
  while (remaining.size > 0) {
    if (Date.now() > deadline)
      throw new StreamsError('PROCESSING', `changelog restoration timed out (${[...remaining.keys()].join(', ')})`);
    const batch = new Map<string, { count: number; last: bigint }>();
    for (const r of await consumer.poll({ timeoutMs: 200 })) {
      const k = `${r.topic}:${r.partition}`;
      const end = remaining.get(k);
      if (end === undefined || r.offset >= end) continue;
      if (r.key !== null) (byKey.get(k) as ChangelogRegistration).restore(r.key, r.value, r.timestamp);
      restoredTo.set(k, r.offset);
      const b = batch.get(k) ?? { count: 0, last: r.offset };
      b.count++;
      b.last = r.offset;
      batch.set(k, b);
    }
    for (const [k, b] of batch) {
      totals.set(k, (totals.get(k) ?? 0) + b.count);
      const reg = byKey.get(k) as ChangelogRegistration;
      listener?.onBatchRestored({ topic: reg.topic, partition: reg.partition }, reg.store, b.last, b.count);
    }
    // Compaction or transaction markers can leave the last offsets without records: check positions.
    for (const k of [...remaining.keys()]) {
      const reg = byKey.get(k) as ChangelogRegistration;
      if ((await consumer.position(reg)) >= (remaining.get(k) as bigint)) finish(k);
    }
  }
  consumer.assign([]);
  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  options.logger.info({ stores: registrations.map((r) => r.store), records: total }, 'state restored');
  return restoredTo;
}
