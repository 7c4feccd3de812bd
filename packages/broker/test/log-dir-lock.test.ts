/**
 * The `.lock` of a log dir, as Kafka's: a second `samsa broker` on a dir in use exits 1 naming the
 * dir while the first keeps serving; a lock left by a broker killed with SIGKILL is stale and the
 * next broker takes it over; a clean stop removes it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { expectSuccess, kcat, run } from '@samsa/test-kit';
import { freePort } from '../src/testing/index.js';
import { type BrokerProcess, SAMSA_BIN, startBrokerProcess } from './support/broker-process.js';

/** The lock file's text once it names `pid`: listeners bind before the dirs are locked. */
async function lockOf(dir: string, pid: number | undefined): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = existsSync(join(dir, '.lock')) ? readFileSync(join(dir, '.lock'), 'utf8') : '';
    if (new RegExp(`^pid=${pid}$`, 'm').test(text)) return text;
    if (Date.now() > deadline) throw new Error(`no lock of pid ${pid} in ${dir} within 30 s: '${text}'`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('log dir lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-lock-'));
  const running: BrokerProcess[] = [];
  after(async () => {
    for (const b of running) await b.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'refuses a second broker on the same log dir, takes over after kill -9, releases on stop',
    {
      timeout: 120_000,
    },
    async () => {
      const port = await freePort();
      const first = await startBrokerProcess(port, dir);
      running.push(first);
      const lock = readFileSync(join(dir, '.lock'), 'utf8');
      assert.match(lock, new RegExp(`^pid=${first.child.pid}$`, 'm'));

      const second = await run(
        process.execPath,
        [SAMSA_BIN, 'broker', '--override', 'listeners=PLAINTEXT://127.0.0.1:0', '--override', `log.dirs=${dir}`],
        { timeoutMs: 30_000, env: { SAMSA_LOG_LEVEL: 'warn' } },
      );
      assert.equal(second.code, 1, second.stderr);
      assert.ok(second.stderr.includes(`Log directory ${dir} is locked`), second.stderr);
      assert.match(second.stderr, new RegExp(`pid ${first.child.pid}`));
      assert.equal(readFileSync(join(dir, '.lock'), 'utf8'), lock, 'the first broker keeps its lock');

      // The first broker keeps serving.
      const addr = `127.0.0.1:${port}`;
      expectSuccess(await kcat(['-P', '-b', addr, '-t', 'locked'], { input: 'a\nb\n' }), 'produce');
      const read = expectSuccess(await kcat(['-C', '-b', addr, '-t', 'locked', '-e', '-q', '-f', '%s\\n']), 'consume');
      assert.equal(read.stdout, 'a\nb\n');

      await first.kill('SIGKILL');
      assert.ok(existsSync(join(dir, '.lock')), 'kill -9 leaves the lock behind');
      const next = await startBrokerProcess(port, dir);
      running.push(next);
      await lockOf(dir, next.child.pid);
      const again = expectSuccess(await kcat(['-C', '-b', addr, '-t', 'locked', '-e', '-q', '-f', '%s\\n']), 'consume');
      assert.equal(again.stdout, 'a\nb\n');

      await next.kill('SIGTERM');
      assert.equal(next.child.exitCode, 0, next.output());
      assert.ok(!existsSync(join(dir, '.lock')), 'a clean stop releases the lock');
    },
  );
});
