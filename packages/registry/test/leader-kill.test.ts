/**
 * A registry leader killed (SIGKILL: no LeaveGroup, no goodbye) while schemas are being registered
 * through a follower: the follower takes over once the group's session times out, every
 * registration eventually succeeds (retried as a serializer would), no id is handed out for two
 * schemas, and no registered schema is lost — also for a registry started afterwards.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, startTestBroker, type TestBroker } from '@samsa/broker/testing';
import type { SchemaRegistry } from '../src/index.js';
import { call, startRegistry, until } from './registry-harness.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'bin', 'samsa');
const schema = (n: number) => JSON.stringify({ type: 'record', name: `K${n}`, fields: [{ name: 'f', type: 'long' }] });

describe('schema registry: the leader killed during registrations', { timeout: 180_000 }, () => {
  let broker: TestBroker;
  let child: ChildProcess | undefined;
  const registries: SchemaRegistry[] = [];
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    child?.kill('SIGKILL');
    for (const r of registries) await r.close().catch(() => {});
    await broker?.stop();
  });

  it('hands no id out twice and loses no registered schema', async () => {
    // The leader is the eligible member with the smallest URL: give the child process that one.
    const ports = [await freePort(), await freePort()].map((p) => `http://127.0.0.1:${p}`).sort();
    const [leaderUrl, followerUrl] = ports as [string, string];
    child = spawn(
      process.execPath,
      [
        BIN,
        'schema-registry',
        '--bootstrap-server',
        broker.bootstrap,
        '--listeners',
        leaderUrl,
        '--override',
        'kafkastore.session.timeout.ms=6000',
        '--override',
        'kafkastore.heartbeat.interval.ms=500',
      ],
      { env: { ...process.env, SAMSA_LOG_LEVEL: 'warn' }, stdio: 'ignore' },
    );
    const follower = await startRegistry(broker.bootstrap, { listeners: followerUrl });
    registries.push(follower);
    await until('the child to lead', () => follower.leaderUrl === leaderUrl, 90_000);
    // Unrelated record names: compatibility is not what this test is about.
    assert.equal((await call(follower.url, 'PUT', '/config', { compatibility: 'NONE' })).status, 200);

    const ids = new Map<number, number>(); // schema n → id answered
    const register = async (n: number): Promise<void> => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const r = await call(follower.url, 'POST', `/subjects/kill-${n % 3}/versions`, { schema: schema(n) }).catch(
          () => null,
        );
        if (r?.status === 200) {
          ids.set(n, r.body.id);
          return;
        }
        if (r !== null && r.status < 500) assert.fail(`registration ${n}: ${JSON.stringify(r.body)}`);
        if (Date.now() > deadline) assert.fail(`registration ${n} never succeeded: ${JSON.stringify(r?.body)}`);
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    const work = (async () => {
      for (let n = 0; n < 24; n += 3) await Promise.all([register(n), register(n + 1), register(n + 2)]);
    })();
    await until('some registrations through the leader', () => ids.size >= 6, 60_000);
    child.kill('SIGKILL');
    await work;
    assert.equal(follower.leaderUrl, followerUrl, 'the follower took over');

    const distinct = new Set(ids.values());
    assert.equal(distinct.size, ids.size, `an id was handed out for two schemas: ${JSON.stringify([...ids])}`);
    const check = async (r: SchemaRegistry) => {
      for (const [n, id] of ids) {
        assert.deepEqual((await call(r.url, 'GET', `/schemas/ids/${id}`)).body, { schema: schema(n) }, `schema ${n}`);
      }
    };
    await check(follower);
    const later = await startRegistry(broker.bootstrap);
    registries.push(later);
    await check(later);
    // New ids continue above every one handed out.
    await until('a leader after the restart', () => later.leaderUrl !== null);
    const next = await call(later.url, 'POST', '/subjects/after/versions', { schema: schema(99) });
    assert.ok(next.body.id > Math.max(...distinct), `id ${next.body.id} reused`);
  });
});
