/**
 * A counting application with a repartition topic (test/fixtures/count-app.ts) runs as a child
 * process against an in-process Samsa broker while input flows; it is killed with SIGKILL mid-run
 * and started again on the same state directory.
 * - exactly_once_v2: read read_committed, every group's counts on the output topic are exactly
 *   1, 2, ..., n (no input lost, none counted twice, nothing of the killed instance's open
 *   transaction visible), and the restarted instance's store holds n for every group.
 * - at_least_once: no input lost (every group's last count and stored count at least n).
 * Restoration: under EOS the restart restores the changelogs from offset 0 (no checkpoint survives
 * a crash); under at_least_once from after the checkpoint of the last commit.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, Consumer, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { AppProcess } from './app-process.js';

const GROUPS = 8;
const RECORDS = 2400;

async function until(what: string, check: () => boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('KafkaStreams killed with SIGKILL and restarted', () => {
  let broker: TestBroker;
  let admin: Admin;
  const stateRoot = mkdtempSync(join(tmpdir(), 'samsa-streams-crash-'));
  before(async () => {
    broker = await startTestBroker({
      config: {
        'num.partitions': 2,
        'group.initial.rebalance.delay.ms': 0,
        'transaction.abort.timed.out.transaction.cleanup.interval.ms': 500,
      },
    });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
  });
  after(async () => {
    await admin.close();
    await broker.stop();
    rmSync(stateRoot, { recursive: true, force: true });
  });

  for (const guarantee of ['exactly_once_v2', 'at_least_once'] as const) {
    it(`${guarantee}: ${guarantee === 'exactly_once_v2' ? 'every input counted exactly once' : 'no input lost'}`, async () => {
      const input = `crash-in-${guarantee}`;
      const output = `crash-out-${guarantee}`;
      await admin.createTopics([
        { name: input, numPartitions: 2 },
        { name: output, numPartitions: 2 },
      ]);
      const args = {
        bootstrap: broker.bootstrap,
        applicationId: `crash-${guarantee}`,
        guarantee,
        stateDir: join(stateRoot, guarantee),
        input,
        output,
        partitions: 2,
      };
      const seen = new Map<string, number[]>();
      let outputs = 0;
      const reader = new Consumer({
        bootstrapServers: broker.bootstrap,
        logger: silentLogger,
        autoOffsetReset: 'earliest',
        isolationLevel: 'read_committed',
      });
      reader.assign([
        { topic: output, partition: 0 },
        { topic: output, partition: 1 },
      ]);
      let reading = true;
      const readLoop = (async () => {
        while (reading) {
          for (const r of await reader.poll({ timeoutMs: 100 })) {
            const group = (r.key as Buffer).toString();
            seen.set(group, [...(seen.get(group) ?? []), Number((r.value as Buffer).readBigInt64BE())]);
            outputs++;
          }
        }
      })();
      const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 2 });
      let sent = 0;
      let killed = false;
      let running = false;
      // Half the input before the kill, half after it (while the new instance starts).
      const sendLoop = (async () => {
        await until('the first instance running', () => running);
        while (sent < RECORDS) {
          if (sent === RECORDS / 2) await until('the kill', () => killed);
          const chunk = Array.from({ length: 100 }, (_, j) => sent + j);
          await producer.sendBatch(
            chunk.map((i) => ({
              topic: input,
              partition: i % 2,
              key: `e${i}`,
              value: `g${i % GROUPS}`,
            })),
          );
          sent += chunk.length;
          await new Promise((r) => setTimeout(r, 40));
        }
      })();
      let first: AppProcess | null = new AppProcess(args);
      let second: AppProcess | null = null;
      try {
        await first.waitFor('RUNNING', (e) => e.state === 'RUNNING');
        running = true;
        // Kill while counts are being produced.
        // (under at_least_once, after a commit wrote the checkpoints that the restart starts from)
        const checkpointed = () =>
          guarantee === 'exactly_once_v2' ||
          ['1_0', '1_1'].every((t) => existsSync(join(args.stateDir, args.applicationId, t, '.checkpoint')));
        await until('some output', () => outputs >= 200 && checkpointed());
        first.kill('SIGKILL');
        assert.equal((await first.exited).signal, 'SIGKILL');
        killed = true;
        first = null;
        first = null;
        second = new AppProcess(args);
        await second.waitFor('RUNNING', (e) => e.state === 'RUNNING');
        await sendLoop;
        const per = RECORDS / GROUPS;
        await until('every group counted', () => {
          for (let g = 0; g < GROUPS; g++) if (Math.max(0, ...(seen.get(`g${g}`) ?? [])) < per) return false;
          return true;
        }).catch(async (err: Error) => {
          const tps = [
            `${args.applicationId}-counts-repartition`,
            `${args.applicationId}-counts-changelog`,
            output,
          ].flatMap((topic) => [0, 1].map((partition) => ({ topic, partition, spec: 'latest' as const })));
          const rc = await admin.listOffsets(tps, { isolationLevel: 'read_committed' });
          const ru = await admin.listOffsets(tps, { isolationLevel: 'read_uncommitted' });
          process.stderr.write(
            `OFFSETS ${rc.map((o, i) => `${o.topic}-${o.partition} lso=${o.offset} end=${ru[i]?.offset}`).join('\n')}\n`,
          );
          const maxima = [...seen].map(([g, c]) => `${g}=${Math.max(...c)}`).join(' ');
          throw new Error(`${err.message}: ${maxima}; app log:\n${second?.stderr.slice(-3000)}`);
        });
        // The restarted instance rebuilt its counts from the changelog: under EOS in full (a crash
        // leaves no checkpoint), under at_least_once only what follows the last commit's checkpoint
        // (possibly nothing).
        const starts = second.events.flatMap((e) => (e.restoreStart ? [BigInt(e.restoreStart.start)] : []));
        if (guarantee === 'exactly_once_v2') {
          assert.ok(second.events.some((e) => e.restore && e.restore.total > 0));
          assert.ok(starts.length > 0 && starts.every((s) => s === 0n), starts.join());
        } else {
          assert.ok(
            starts.every((s) => s > 0n),
            starts.join(),
          );
        }
        second.kill('SIGTERM');
        const { store } = await second.waitFor('store dump', (e) => e.store !== undefined);
        assert.equal((await second.exited).code, 0);
        second = null;
        for (let g = 0; g < GROUPS; g++) {
          const counts = seen.get(`g${g}`) ?? [];
          if (guarantee === 'exactly_once_v2') {
            assert.deepEqual(
              counts,
              Array.from({ length: per }, (_, i) => i + 1),
              `g${g}`,
            );
            assert.equal(store?.[`g${g}`], per, `store g${g}`);
          } else {
            assert.ok(Math.max(...counts) >= per, `g${g}: ${Math.max(...counts)}`);
            assert.ok((store?.[`g${g}`] ?? 0) >= per, `store g${g}`);
          }
        }
      } finally {
        first?.kill('SIGKILL');
        second?.kill('SIGKILL');
        reading = false;
        await readLoop;
        await sendLoop.catch(() => {});
        await Promise.all([reader.close(), producer.close()]);
      }
    });
  }
});
