/**
 * A windowed count with final results (suppress untilWindowCloses) through KafkaStreams against an
 * in-process Samsa broker. The window store's changelog is created as Kafka creates it
 * (compact,delete; retention.ms = size + grace + windowstore.changelog.additional.retention.ms);
 * after the instance closes, a new one restores both the window store and the suppression buffer
 * from their changelogs: its next update continues the restored count, and the final results
 * emitted after the restart include the windows buffered before it; a record later than the grace
 * period is dropped and shows in KafkaStreams' dropped-records-total.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, Consumer, type ConsumerRecord, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import {
  BufferConfig,
  KafkaStreams,
  Materialized,
  Serdes,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  type Windowed,
  WindowedSerdes,
} from '../src/index.js';

const str = Serdes.String();
const long = Serdes.Long();
const SIZE = 10_000;
const GRACE = 5_000;
const windowed = WindowedSerdes.timeWindowedSerdeFrom(str, SIZE);

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function topology() {
  const builder = new StreamsBuilder();
  const counts = builder
    .stream<string, string>('clicks', { keySerde: str, valueSerde: str })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(SIZE, GRACE))
    .count(Materialized.as('clicks-per-window'));
  counts.toStream().to('window-counts', { keySerde: windowed, valueSerde: long });
  counts
    .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('final'))
    .toStream()
    .to('window-final', { keySerde: windowed, valueSerde: long });
  return builder.build();
}

describe('KafkaStreams with windows', () => {
  let broker: TestBroker;
  let admin: Admin;
  let producer: Producer;
  const stateDir = mkdtempSync(join(tmpdir(), 'samsa-streams-windowed-'));
  before(async () => {
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0, 'num.partitions': 1 } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 1 });
  });
  after(async () => {
    await producer.close();
    await admin.close();
    await broker.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('restores the window store and the suppression buffer from their changelogs after a restart', async () => {
    const appId = 'windowed-app';
    await admin.createTopics(['clicks', 'window-counts', 'window-final'].map((name) => ({ name, numPartitions: 1 })));
    const options = { applicationId: appId, bootstrapServers: broker.bootstrap, commitIntervalMs: 100, stateDir };
    // Recent timestamps: the changelog's retention.ms must not delete what the test writes.
    const base = Math.floor(Date.now() / SIZE) * SIZE - 20 * SIZE;
    const updates: Array<[string, number, number]> = [];
    const finals: Array<[string, number, number]> = [];
    const show = (w: Windowed<string>) => `${w.key()}@${w.window().start() - base}`;
    const out = new Consumer<Windowed<string>, number>({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      autoOffsetReset: 'earliest',
      keyDeserializer: (b, t) => windowed.deserialize(t, b),
      valueDeserializer: (b, t) => long.deserialize(t, b),
    });
    out.assign([
      { topic: 'window-counts', partition: 0 },
      { topic: 'window-final', partition: 0 },
    ]);
    let reading = true;
    const reader = (async () => {
      while (reading) {
        for (const r of (await out.poll({ timeoutMs: 100 })) as ConsumerRecord<Windowed<string>, number>[]) {
          (r.topic === 'window-counts' ? updates : finals).push([show(r.key), r.value, r.timestamp - base]);
        }
      }
    })();
    const send = (key: string, offset: number) =>
      producer.send({ topic: 'clicks', key: Buffer.from(key), value: Buffer.from('click'), timestamp: base + offset });
    let streams = new KafkaStreams(topology(), options);
    let failure: Error | null = null;
    streams.setUncaughtExceptionHandler((err) => {
      failure = err;
    });
    try {
      await streams.start();
      await send('a', 1_000);
      await send('a', 2_000);
      await send('b', 3_000);
      await until('three updates', () => updates.length >= 3 || failure !== null);
      assert.equal(failure, null, `processing failed: ${String(failure)} ${String((failure as Error | null)?.cause)}`);
      assert.deepEqual(updates, [
        ['a@0', 1, 1_000],
        ['a@0', 2, 2_000],
        ['b@0', 1, 3_000],
      ]);
      assert.deepEqual(finals, []);
      const changelog = `${appId}-clicks-per-window-changelog`;
      const [configs] = await admin.describeConfigs([
        { type: 'topic', name: changelog, keys: ['cleanup.policy', 'retention.ms'] },
      ]);
      const text = (key: string) => configs?.configs.find((c) => c.name === key)?.value;
      assert.equal(text('cleanup.policy'), 'compact,delete');
      assert.equal(text('retention.ms'), String(SIZE + GRACE + 86_400_000));
      assert.ok((await admin.listTopics()).includes(`${appId}-final-store-changelog`));
      await streams.close();

      streams = new KafkaStreams(topology(), options);
      await streams.start();
      await send('a', 4_000); // continues the restored count
      await until('the restored count continued', () => updates.length >= 4);
      assert.deepEqual(updates[3], ['a@0', 3, 4_000]);
      await send('a', 1_500); // still within grace (stream time 4000 < 10000 + 5000): counted
      await send('d', 20_000);
      await send('a', 2_500); // [0,10000) closed at stream time 20000: dropped and counted
      await until(
        'the late record counted as dropped',
        () => updates.length >= 6 && streams.metrics().some((m) => m.name === 'dropped-records-total' && m.value === 1),
      );
      assert.deepEqual(updates.slice(4, 6), [
        ['a@0', 4, 4_000],
        ['d@20000', 1, 20_000],
      ]);
      // Stream time 20000 passed 10000 + grace: the first window is final.
      await until('final results', () => finals.length >= 2);
      // b's only update came before the restart: its final result comes from the restored buffer.
      assert.deepEqual(finals, [
        ['a@0', 4, 4_000],
        ['b@0', 1, 3_000],
      ]);
    } finally {
      reading = false;
      await reader;
      await out.close();
      await streams.close();
    }
  });
});
