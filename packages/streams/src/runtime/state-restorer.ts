/**
 * Restores stores from their changelogs before a task processes (Kafka's StoreChangelogReader, in
 * its simplest form): read each changelog partition from the beginning up to the end offset taken
 * when restoration started, and replay every record into the store. No checkpoint files yet, so a
 * task always restores the whole changelog.
 */
import type { Consumer, TopicPartition } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { StreamsError } from '../errors.js';
import type { ChangelogRegistration } from '../processor/stream-task.js';

export async function restoreChangelogs(
  consumer: Consumer,
  registrations: ChangelogRegistration[],
  options: { logger: Logger; timeoutMs: number },
): Promise<number> {
  if (registrations.length === 0) return 0;
  const tps: TopicPartition[] = registrations.map((r) => ({ topic: r.topic, partition: r.partition }));
  const ends = await consumer.endOffsets(tps);
  const byKey = new Map(registrations.map((r) => [`${r.topic}:${r.partition}`, r]));
  const remaining = new Map<string, bigint>();
  for (const e of ends) if (e.offset > 0n) remaining.set(`${e.topic}:${e.partition}`, e.offset);
  if (remaining.size === 0) return 0;
  consumer.assign(tps.filter((tp) => remaining.has(`${tp.topic}:${tp.partition}`)));
  await consumer.seekToBeginning();
  let restored = 0;
  const deadline = Date.now() + options.timeoutMs;
  while (remaining.size > 0) {
    if (Date.now() > deadline)
      throw new StreamsError('PROCESSING', `changelog restoration timed out (${[...remaining.keys()].join(', ')})`);
    for (const r of await consumer.poll({ timeoutMs: 200 })) {
      const k = `${r.topic}:${r.partition}`;
      const end = remaining.get(k);
      if (end === undefined || r.offset >= end) continue;
      if (r.key !== null) (byKey.get(k) as ChangelogRegistration).restore(r.key, r.value, r.timestamp);
      restored++;
      if (r.offset + 1n >= end) remaining.delete(k);
    }
    // Compaction or transaction markers can leave the last offsets without records: check positions.
    for (const k of [...remaining.keys()]) {
      const [topic, partition] = [k.slice(0, k.lastIndexOf(':')), Number(k.slice(k.lastIndexOf(':') + 1))];
      if ((await consumer.position({ topic, partition })) >= (remaining.get(k) as bigint)) remaining.delete(k);
    }
  }
  consumer.assign([]);
  options.logger.info({ stores: registrations.map((r) => r.store), records: restored }, 'state restored');
  return restored;
}
