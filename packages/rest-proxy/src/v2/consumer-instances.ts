/**
 * REST Proxy v2 consumer instances: one @samsa/client Consumer per instance, created on request,
 * found by group and name, and closed when deleted or idle longer than
 * `consumer.instance.timeout.ms` (Confluent's default, 300000). Memory stays bounded: records are
 * fetched only when an HTTP client asks, at most `max.poll.records` at a time, and what one
 * answer could not hold (its `max_bytes`) is not kept: the consumer seeks back to it.
 *
 * Owner: the RestProxy. Requests of one instance are served one at a time (a promise chain), as a
 * Kafka consumer is single-threaded.
 */
import { type CommonConfig, Consumer } from '@samsa/client';
import { HttpError } from '@samsa/common/http';
import type { EmbeddedFormat } from './embedded-format.js';

export interface ConsumerInstance {
  group: string;
  name: string;
  format: EmbeddedFormat;
  consumer: Consumer;
  lastUsed: number;
  queue: Promise<unknown>;
}

export class ConsumerInstances {
  private readonly instances = new Map<string, ConsumerInstance>();
  private readonly sweeper: NodeJS.Timeout;
  private counter = 0;

  constructor(
    private readonly client: CommonConfig,
    private readonly idleTimeoutMs: number,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.min(idleTimeoutMs, 10_000));
    this.sweeper.unref();
  }

  create(group: string, body: Record<string, unknown>): ConsumerInstance {
    const name =
      typeof body.name === 'string' && body.name !== '' ? body.name : `rest-consumer-${++this.counter}-${Date.now()}`;
    const key = `${group}\0${name}`;
    if (this.instances.has(key))
      throw new HttpError(409, 'Consumer instance with the specified name already exists.', 40902);
    const format = (typeof body.format === 'string' ? body.format : 'binary').toLowerCase();
    if (!['binary', 'json', 'avro', 'jsonschema'].includes(format))
      throw new HttpError(422, `Unsupported format ${format} (binary, json, avro, jsonschema)`, 42204);
    const reset = body['auto.offset.reset'];
    const consumer = new Consumer({
      ...this.client,
      clientId: `rest-proxy-${name}`,
      groupId: group,
      autoOffsetReset: reset === 'earliest' || reset === 'smallest' ? 'earliest' : 'latest',
      enableAutoCommit: body['auto.commit.enable'] !== 'false' && body['auto.commit.enable'] !== false,
      maxPollRecords: 500,
    });
    const instance: ConsumerInstance = {
      group,
      name,
      format: format as EmbeddedFormat,
      consumer,
      lastUsed: Date.now(),
      queue: Promise.resolve(),
    };
    this.instances.set(key, instance);
    return instance;
  }

  /** Runs `fn` on the instance after its earlier requests; 404 (40403) when there is none. */
  run<T>(group: string, name: string, fn: (i: ConsumerInstance) => Promise<T>): Promise<T> {
    const instance = this.instances.get(`${group}\0${name}`);
    if (instance === undefined) throw new HttpError(404, 'Consumer instance not found.', 40403);
    instance.lastUsed = Date.now();
    const run = instance.queue.then(() => fn(instance));
    instance.queue = run.catch(() => {});
    return run;
  }

  async delete(group: string, name: string): Promise<void> {
    await this.run(group, name, async (i) => {
      this.instances.delete(`${group}\0${name}`);
      await i.consumer.close();
    });
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const i of [...this.instances.values()]) {
      if (now - i.lastUsed > this.idleTimeoutMs) await this.delete(i.group, i.name).catch(() => {});
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.instances.values()].map((i) => this.delete(i.group, i.name)));
  }
}
