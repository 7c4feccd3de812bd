/**
 * End-to-end latency of @samsa/client: records sent at a fixed rate (lingerMs 0, acks=all), each
 * carrying its send time, read by a consumer on the same topic; the latency of a record is its
 * receive time minus its send time, both from this process's monotonic clock.
 */
import { silentLogger } from '@samsa/common';
import { Consumer } from '../../src/consumer/consumer.js';
import { Producer } from '../../src/producer/producer.js';

export interface LatencyResult {
  rate: number;
  records: number;
  p50: number;
  p99: number;
  max: number;
}

export async function measureLatency(
  bootstrap: string,
  topic: string,
  perSecond: number,
  seconds: number,
  size: number,
): Promise<LatencyResult> {
  const producer = new Producer({ bootstrapServers: bootstrap, logger: silentLogger, lingerMs: 0 });
  const consumer = new Consumer({
    bootstrapServers: bootstrap,
    logger: silentLogger,
    autoOffsetReset: 'latest',
    fetchMaxWaitMs: 500,
  });
  try {
    await producer.send({ topic, value: Buffer.alloc(size) });
    consumer.assign([{ topic, partition: 0 }]);
    await consumer.position({ topic, partition: 0 });
    const total = Math.round(perSecond * seconds);
    const samples: number[] = [];
    const reading = (async () => {
      for await (const r of consumer) {
        samples.push(performance.now() - (r.value as Buffer).readDoubleBE(0));
        if (samples.length >= total) break;
      }
    })();
    // Sends are paced against the clock, not by sleeping a fixed time per record, so timer
    // granularity does not lower the rate.
    const start = performance.now();
    for (let sent = 0; sent < total; ) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * perSecond) + 1);
      for (; sent < due; sent++) {
        const v = Buffer.alloc(size);
        v.writeDoubleBE(performance.now(), 0);
        void producer.send({ topic, value: v });
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await reading;
    samples.sort((a, b) => a - b);
    const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? Number.NaN;
    return { rate: perSecond, records: total, p50: at(0.5), p99: at(0.99), max: at(1) };
  } finally {
    await producer.close();
    await consumer.close();
  }
}
