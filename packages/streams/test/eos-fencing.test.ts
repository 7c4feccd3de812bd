/**
 * exactly_once_v2 when the instance's producer is fenced mid-run (another producer initialises the
 * same transactional.id, `<application.id>-<process id>-1`): the instance aborts, replaces its
 * producer, re-initialises its tasks from the committed changelog and offsets, and keeps counting
 * — read read_committed, every group's counts are exactly 1..n, and the state ends RUNNING.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, Consumer, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { KafkaStreams, Serdes, StreamsBuilder } from '../src/index.js';

const str = Serdes.String();

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('exactly_once_v2 with a fenced producer', () => {
  let broker: TestBroker;
  let admin: Admin;
  const stateDir = mkdtempSync(join(tmpdir(), 'samsa-streams-fence-'));
  before(async () => {
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0, 'num.partitions': 1 } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
  });
  after(async () => {
    await admin.close();
    await broker.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('aborts, re-initialises its tasks and counts every input exactly once', async () => {
    const appId = 'fence-app';
    await admin.createTopics([
      { name: 'fence-in', numPartitions: 2 },
      { name: 'fence-out', numPartitions: 1 },
    ]);
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('fence-in', { keySerde: str, valueSerde: str })
      .groupBy((_k, v) => v, { keySerde: str, valueSerde: str })
      .count({ storeName: 'counts' })
      .toStream()
      .to('fence-out', { keySerde: str, valueSerde: Serdes.Long() });
    const streams = new KafkaStreams(builder.build(), {
      applicationId: appId,
      bootstrapServers: broker.bootstrap,
      processingGuarantee: 'exactly_once_v2',
      stateDir,
      logger: silentLogger,
    });
    const restores: number[] = [];
    streams.setGlobalStateRestoreListener({
      onRestoreStart: () => {},
      onBatchRestored: () => {},
      onRestoreEnd: (_tp, _s, total) => restores.push(total),
    });
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 1 });
    const reader = new Consumer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      autoOffsetReset: 'earliest',
      isolationLevel: 'read_committed',
    });
    reader.assign([{ topic: 'fence-out', partition: 0 }]);
    const seen = new Map<string, number[]>();
    let reading = true;
    const readLoop = (async () => {
      while (reading) {
        for (const r of await reader.poll({ timeoutMs: 100 })) {
          const g = (r.key as Buffer).toString();
          seen.set(g, [...(seen.get(g) ?? []), Number((r.value as Buffer).readBigInt64BE())]);
        }
      }
    })();
    let zombie: Producer | null = null;
    const send = (from: number, n: number) =>
      producer.sendBatch(
        Array.from({ length: n }, (_, i) => ({
          topic: 'fence-in',
          partition: (from + i) % 2,
          key: `e${from + i}`,
          value: `g${(from + i) % 4}`,
        })),
      );
    const reached = (n: number) => () => [0, 1, 2, 3].every((g) => Math.max(0, ...(seen.get(`g${g}`) ?? [])) >= n);
    try {
      await streams.start();
      await send(0, 200);
      await until('first half counted', reached(50));
      // Fence the instance: a producer initialising its transactional.id bumps the epoch.
      const { processId } = JSON.parse(readFileSync(join(stateDir, appId, 'kafka-streams-process-metadata'), 'utf8'));
      zombie = new Producer({
        bootstrapServers: broker.bootstrap,
        logger: silentLogger,
        transactionalId: `${appId}-${processId}-1`,
      });
      await zombie.initTransactions();
      await send(200, 200);
      await until('second half counted', reached(100));
      assert.ok(
        restores.some((n) => n > 0),
        'the tasks were rebuilt from the changelog',
      );
      assert.equal(streams.state(), 'RUNNING');
      for (const g of [0, 1, 2, 3]) {
        assert.deepEqual(
          seen.get(`g${g}`),
          Array.from({ length: 100 }, (_, i) => i + 1),
          `g${g}`,
        );
      }
    } finally {
      reading = false;
      await readLoop;
      await Promise.all([reader.close(), producer.close(), zombie?.close(), streams.close()]);
    }
  });
});
