/**
 * The global consumer of one KafkaStreams instance (Kafka's GlobalStreamThread): it reads every
 * partition of every global table's topic, outside the consumer group (no group.id, manual
 * assignment), into the instance's GlobalState. `start()` first loads each partition up to the end
 * offset it had at start (Kafka restores global stores before any stream task runs), then keeps
 * polling in the background until `close()`. Owns the consumer; the global stores are written
 * only from here, and read by stream tasks between its polls (one event loop, no locking).
 */
import type { Consumer, TopicPartition } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { StreamsError } from '../errors.js';
import type { GlobalState } from '../processor/global-state.js';

export class GlobalStreamThread {
  private stopping = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly options: {
      state: GlobalState;
      consumer: Consumer;
      /** Every partition of the global topics. */
      partitions: TopicPartition[];
      logger: Logger;
      onError: (err: Error) => void;
    },
  ) {}

  async start(timeoutMs = 60_000): Promise<number> {
    const { consumer, partitions, state, logger } = this.options;
    consumer.assign(partitions);
    await consumer.seekToBeginning(partitions);
    const ends = await consumer.endOffsets(partitions);
    const remaining = new Map<string, bigint>();
    for (const e of ends) if (e.offset > 0n) remaining.set(`${e.topic}:${e.partition}`, e.offset);
    let loaded = 0;
    const deadline = Date.now() + timeoutMs;
    while (remaining.size > 0) {
      if (Date.now() > deadline) {
        throw new StreamsError('PROCESSING', `global state bootstrap timed out (${[...remaining.keys()].join(', ')})`);
      }
      for (const r of await consumer.poll({ timeoutMs: 200 })) {
        state.process(r);
        loaded++;
        const k = `${r.topic}:${r.partition}`;
        const end = remaining.get(k);
        if (end !== undefined && r.offset + 1n >= end) remaining.delete(k);
      }
      // Compaction or transaction markers can leave the last offsets without records.
      for (const tp of partitions) {
        const k = `${tp.topic}:${tp.partition}`;
        const end = remaining.get(k);
        if (end !== undefined && (await consumer.position(tp)) >= end) remaining.delete(k);
      }
    }
    logger.info({ records: loaded, partitions: partitions.length }, 'global state loaded');
    this.loop = this.run();
    return loaded;
  }

  private async run(): Promise<void> {
    const { consumer, state } = this.options;
    try {
      while (!this.stopping) for (const r of await consumer.poll({ timeoutMs: 100 })) state.process(r);
    } catch (err) {
      if (this.stopping) return;
      this.options.onError(err instanceof Error ? err : new StreamsError('PROCESSING', String(err)));
    }
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }
}
