/**
 * Reads a topic's record values from the start of the given partitions with the client at an
 * isolation level, until `count` arrived or `timeoutMs` passed; sorted, for comparing contents.
 */
import { Consumer } from '@samsa/client';
import { silentLogger } from '@samsa/common';

export async function readValues(options: {
  bootstrap: string;
  topic: string;
  partitions: readonly number[];
  isolation: 'read_committed' | 'read_uncommitted';
  count: number;
  timeoutMs: number;
}): Promise<string[]> {
  const consumer = new Consumer({
    bootstrapServers: options.bootstrap,
    autoOffsetReset: 'earliest',
    isolationLevel: options.isolation,
    logger: silentLogger,
  });
  consumer.assign(options.partitions.map((partition) => ({ topic: options.topic, partition })));
  const seen: string[] = [];
  const deadline = Date.now() + options.timeoutMs;
  try {
    while (seen.length < options.count && Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 500 })) seen.push(r.value?.toString() ?? '');
    }
  } finally {
    await consumer.close();
  }
  return seen.sort();
}
