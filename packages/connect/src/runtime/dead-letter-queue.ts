/**
 * Kafka's DeadLetterQueueReporter: a sink record that failed conversion or transformation (and was
 * tolerated) is written as it was read — key, value and headers unchanged — to
 * `errors.deadletterqueue.topic.name`, with Kafka's context headers when
 * `errors.deadletterqueue.context.headers.enable=true`. The topic is created on first start when
 * missing, with `errors.deadletterqueue.topic.replication.factor`.
 */
import type { Admin, Producer } from '@samsa/client';
import { KafkaError } from '@samsa/client';
import type { ErrorContext, ErrorReporter } from './error-handling.js';

const PREFIX = '__connect.errors.';

export class DeadLetterQueueReporter implements ErrorReporter {
  constructor(
    private readonly opts: {
      producer: Producer;
      topic: string;
      contextHeaders: boolean;
      connector: string;
      taskId: number;
    },
  ) {}

  static async ensureTopic(admin: Admin, topic: string, replicationFactor: number): Promise<void> {
    try {
      await admin.createTopics([{ name: topic, numPartitions: 1, replicationFactor }]);
    } catch (err) {
      if (!(err instanceof KafkaError && err.code === 36)) throw err; // TOPIC_ALREADY_EXISTS
    }
  }

  async report(ctx: ErrorContext): Promise<void> {
    const c = ctx.consumed;
    if (!c) return;
    const headers: Array<{ key: string; value: Buffer | null }> = c.headers.map((h) => ({
      key: h.key,
      value: h.value,
    }));
    if (this.opts.contextHeaders) {
      const add = (k: string, v: string): void => {
        headers.push({ key: PREFIX + k, value: Buffer.from(v, 'utf8') });
      };
      add('topic', c.topic);
      add('partition', String(c.partition));
      add('offset', String(c.offset));
      add('connector.name', this.opts.connector);
      add('task.id', String(this.opts.taskId));
      add('stage', ctx.stage);
      add('class.name', ctx.className);
      add('exception.class.name', javaExceptionName(ctx.error));
      add('exception.message', ctx.error.message);
      add('exception.stacktrace', ctx.error.stack ?? String(ctx.error));
    }
    await this.opts.producer.send({
      topic: this.opts.topic,
      key: c.key,
      value: c.value,
      headers,
      timestamp: c.timestamp,
    });
  }
}

/** Our error classes by the Java exception names Kafka tooling reads from the DLQ headers. */
const JAVA_NAMES: Readonly<Record<string, string>> = {
  DataError: 'org.apache.kafka.connect.errors.DataException',
  RetriableError: 'org.apache.kafka.connect.errors.RetriableException',
  ConnectError: 'org.apache.kafka.connect.errors.ConnectException',
};

function javaExceptionName(err: Error): string {
  return JAVA_NAMES[err.name] ?? err.name;
}
