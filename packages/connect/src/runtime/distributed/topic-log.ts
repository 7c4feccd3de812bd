/**
 * One of a distributed worker's internal topics, read from the beginning and followed (Kafka's
 * KafkaBasedLog): created compacted when missing, every record handed to `onRecord` in offset
 * order by one background loop, `readToEnd()` resolving once everything written before the call
 * has been handed over (read-your-writes: the herder awaits it after its own sends). Owner: the
 * distributed herder; stop() once.
 */
import { type Admin, Consumer, type ConsumerRecord, KafkaError, Producer, type TopicPartition } from '@samsa/client';
import type { Logger } from '@samsa/common';

export interface TopicLogOptions {
  topic: string;
  partitions: number;
  replicationFactor: number;
  bootstrapServers: string[];
  admin: Admin;
  clientId: string;
  logger: Logger;
  onRecord: (r: ConsumerRecord) => void;
}

export class TopicLog {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private assigned: TopicPartition[] = [];
  /** Per partition, the offset after the last record handed to onRecord. */
  private readonly next = new Map<string, bigint>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private waiters: Array<{ ends: Map<string, bigint>; resolve: () => void; reject: (e: Error) => void }> = [];

  constructor(private readonly o: TopicLogOptions) {
    const common = { bootstrapServers: o.bootstrapServers, logger: o.logger };
    this.consumer = new Consumer({ ...common, clientId: `${o.clientId}-reader`, autoOffsetReset: 'earliest' });
    this.producer = new Producer({ ...common, clientId: `${o.clientId}-writer`, acks: -1, lingerMs: 0 });
  }

  async start(): Promise<void> {
    try {
      await this.o.admin.createTopics([
        {
          name: this.o.topic,
          numPartitions: this.o.partitions,
          replicationFactor: this.o.replicationFactor,
          configs: { 'cleanup.policy': 'compact' },
        },
      ]);
    } catch (err) {
      if (!(err instanceof KafkaError && err.code === 36)) throw err; // TOPIC_ALREADY_EXISTS
    }
    const [described] = await this.o.admin.describeTopics([this.o.topic]);
    this.assigned = (described?.partitions ?? []).map((p) => ({ topic: this.o.topic, partition: p.partition }));
    this.consumer.assign(this.assigned);
    await this.consumer.seekToBeginning(this.assigned);
    this.loop = this.run();
    await this.readToEnd();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const records = await this.consumer.poll({ timeoutMs: 100 });
        for (const r of records) {
          this.o.onRecord(r);
          this.next.set(String(r.partition), r.offset + 1n);
        }
        if (this.waiters.length > 0) await this.settleWaiters(records.length === 0);
      } catch (err) {
        if (this.stopped) return;
        this.o.logger.warn({ err, topic: this.o.topic }, 'reading the topic failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /**
   * A waiter is done when every partition has been handed over up to its end offset: the next
   * offset after the last record handed over reached it, or — for ends that no record marks
   * (transaction markers, compacted tails) — a poll came back empty with the fetch position there.
   * The consumer's position alone is not enough: it runs ahead of records fetched but not yet
   * returned.
   */
  private async settleWaiters(drained: boolean): Promise<void> {
    const positions = new Map<string, bigint>();
    if (drained) for (const tp of this.assigned) positions.set(String(tp.partition), await this.consumer.position(tp));
    this.waiters = this.waiters.filter((w) => {
      for (const [p, end] of w.ends) {
        const reached = (this.next.get(p) ?? 0n) >= end || (positions.get(p) ?? -1n) >= end;
        if (!reached) return true;
      }
      w.resolve();
      return false;
    });
  }

  /** Resolves once every record written before the call was handed to onRecord. */
  async readToEnd(): Promise<void> {
    const ends = await this.consumer.endOffsets(this.assigned);
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ ends: new Map(ends.map((e) => [String(e.partition), e.offset])), resolve, reject });
    });
  }

  async send(key: string, value: Buffer | null): Promise<void> {
    await this.producer.send({ topic: this.o.topic, key, value });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.waiters) w.reject(new Error(`${this.o.topic} reader stopped`));
    this.waiters = [];
    await this.loop;
    await Promise.allSettled([this.consumer.close(), this.producer.close()]);
  }
}
