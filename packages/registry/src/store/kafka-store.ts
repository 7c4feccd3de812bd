/**
 * The `_schemas` topic as the registry's write-ahead log (Confluent's KafkaStore and
 * KafkaStoreReaderThread): one partition, compacted, created if missing. A read loop assigns the
 * partition, replays it from the beginning into the SchemaStore and keeps following it; `start()`
 * returns only once the loop has read to the end offset it found, so a registry never serves
 * before it has everything written before it started. `append()` writes records (the leader only)
 * and returns once the read loop has applied them, so the writer reads its own writes through the
 * same replay every other registry uses.
 *
 * Owner: the SchemaRegistry. The read loop is the only writer of the SchemaStore.
 */
import { Admin, type CommonConfig, Consumer, KafkaError, Producer } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { RegistryErrors } from '../errors.js';
import { decodeRecord, encodeKey, encodeValue, type RegistryRecord } from './records.js';
import type { ApplyOutcome, SchemaStore } from './schema-store.js';

export interface KafkaStoreOptions {
  client: CommonConfig;
  topic: string;
  /** kafkastore.topic.replication.factor; capped at the number of brokers. */
  replicationFactor: number;
  /** kafkastore.timeout.ms: how long a write or a read to the end may take. */
  timeoutMs: number;
  store: SchemaStore;
  logger: Logger;
}

interface Waiter {
  offset: bigint;
  resolve: () => void;
}

export class KafkaStore {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  /** The next offset the read loop will apply. */
  private position = 0n;
  private readonly waiters: Waiter[] = [];
  private readonly outcomes = new Map<bigint, ApplyOutcome>();
  private loop: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: KafkaStoreOptions) {
    this.consumer = new Consumer({ ...opts.client, clientId: 'schema-registry-reader', maxPollRecords: 1000 });
    this.producer = new Producer({ ...opts.client, clientId: 'schema-registry-writer', acks: 'all', lingerMs: 0 });
  }

  async start(): Promise<void> {
    await this.ensureTopic();
    this.consumer.assign([{ topic: this.opts.topic, partition: 0 }]);
    await this.consumer.seekToBeginning();
    this.loop = this.readLoop();
    await this.readToEnd();
    this.opts.logger.info(
      { topic: this.opts.topic, offset: this.position, maxId: this.opts.store.maxId },
      'schemas loaded',
    );
  }

  /** Waits until every record written before this call has been applied. */
  async readToEnd(): Promise<void> {
    const [end] = await this.consumer.endOffsets([{ topic: this.opts.topic, partition: 0 }]);
    await this.waitFor(end?.offset ?? 0n);
  }

  /** Writes records in order; answers how the read loop applied each (conflict: another write won). */
  async append(records: RegistryRecord[]): Promise<ApplyOutcome[]> {
    let metas: Array<{ offset: bigint }>;
    try {
      metas = await this.producer.sendBatch(
        records.map((r) => ({ topic: this.opts.topic, partition: 0, key: encodeKey(r.key), value: encodeValue(r) })),
      );
    } catch (err) {
      throw RegistryErrors.storeError((err as Error).message);
    }
    if (metas.some((m) => m.offset < 0n)) {
      await this.readToEnd();
      return records.map(() => 'applied');
    }
    const last = metas[metas.length - 1]?.offset ?? -1n;
    await this.waitFor(last + 1n);
    return metas.map((m) => this.outcomes.get(m.offset) ?? 'ignored');
  }

  private waitFor(offset: bigint): Promise<void> {
    if (this.position >= offset) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(RegistryErrors.timeout(`offset ${offset} of ${this.opts.topic} not read in ${this.opts.timeoutMs} ms`));
      }, this.opts.timeoutMs);
      const waiter: Waiter = {
        offset,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  private async readLoop(): Promise<void> {
    const tp = { topic: this.opts.topic, partition: 0 };
    while (!this.stopped) {
      try {
        for (const r of await this.consumer.poll({ timeoutMs: 500 })) {
          const record = decodeRecord(r.key, r.value);
          const outcome = record === null ? 'ignored' : this.opts.store.apply(record);
          if (outcome === 'conflict')
            this.opts.logger.warn({ offset: r.offset }, 'schema record conflicts with an earlier one; ignored');
          this.outcomes.set(r.offset, outcome);
          this.position = r.offset + 1n;
        }
        // Compaction and transaction markers leave offsets without records: the consumer's position says how far we are.
        const pos = await this.consumer.position(tp);
        if (pos > this.position) this.position = pos;
      } catch (err) {
        if (this.stopped) return;
        this.opts.logger.warn({ err }, 'reading the schemas topic failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
      this.release();
    }
  }

  private release(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i] as Waiter;
      if (this.position >= w.offset) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
    // Outcomes are asked for right after the write they belong to; keep the map small.
    if (this.outcomes.size > 10_000) this.outcomes.clear();
  }

  private async ensureTopic(): Promise<void> {
    const admin = new Admin({ ...this.opts.client, clientId: 'schema-registry-admin' });
    try {
      const brokers = (await admin.describeCluster()).brokers.length;
      await admin.createTopics([
        {
          name: this.opts.topic,
          numPartitions: 1,
          replicationFactor: Math.max(1, Math.min(this.opts.replicationFactor, brokers)),
          configs: { 'cleanup.policy': 'compact' },
        },
      ]);
      this.opts.logger.info({ topic: this.opts.topic }, 'schemas topic created');
    } catch (err) {
      if (!(err instanceof KafkaError && err.code === ErrorCode.TOPIC_ALREADY_EXISTS)) throw err;
    } finally {
      await admin.close();
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.allSettled([this.consumer.close(), this.producer.close()]);
  }
}
