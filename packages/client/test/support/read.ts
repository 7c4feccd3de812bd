/**
 * Reading a topic to its end from tests: a consumer of one isolation level assigned every
 * partition from the beginning, polled until a poll comes back empty (bounded by the poll timeout
 * and an overall deadline), so "nothing visible" is checked as a real read, not a sleep.
 */
import { silentLogger } from '@samsa/common';
import type { IsolationLevelName } from '../../src/config.js';
import { Consumer } from '../../src/consumer/consumer.js';

export async function readValues(
  bootstrap: string,
  topic: string,
  isolationLevel: IsolationLevelName,
  options: { partitions?: number; idleMs?: number; expect?: number } = {},
): Promise<string[]> {
  const consumer = new Consumer({
    bootstrapServers: bootstrap,
    logger: silentLogger,
    autoOffsetReset: 'earliest',
    isolationLevel,
    fetchMaxWaitMs: 50,
  });
  const values: string[] = [];
  try {
    consumer.assign(Array.from({ length: options.partitions ?? 1 }, (_, partition) => ({ topic, partition })));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const records = await consumer.poll({ timeoutMs: options.idleMs ?? 700 });
      for (const r of records) values.push(r.value?.toString() ?? '');
      if (records.length === 0 && values.length >= (options.expect ?? 0)) break;
    }
  } finally {
    await consumer.close();
  }
  return values;
}
