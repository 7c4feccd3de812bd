/**
 * `samsa connect-distributed` as three real processes against an in-process Samsa broker: a
 * FileStream source → topic → sink pipeline keeps delivering when the worker running the source
 * task is killed with SIGKILL mid-run — after the group notices (session timeout), another worker
 * resumes from the committed source offsets, and every line reaches the sink file, first
 * occurrences in file order (at-least-once: lines after the last offset flush may repeat).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';

const SAMSA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../bin/samsa');

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const lines = (p: string) => {
  try {
    return readFileSync(p, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

interface Proc {
  child: ChildProcess;
  out: string;
  url: string | null;
}

let broker: TestBroker;
let dir: string;
const procs: Proc[] = [];

function startWorker(): Proc {
  const child = spawn(process.execPath, [SAMSA, 'connect-distributed', join(dir, 'worker.properties')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SAMSA_LOG_LEVEL: 'info' },
  });
  const p: Proc = { child, out: '', url: null };
  const collect = (d: Buffer) => {
    p.out += d.toString();
    p.url ??= /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(p.out)?.[1] ?? null;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  procs.push(p);
  return p;
}

async function call(url: string, method: string, path: string, body?: unknown) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status !== 409 || Date.now() > deadline)
        return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

before(async () => {
  broker = await startTestBroker();
  dir = mkdtempSync(join(tmpdir(), 'samsa-connect-kill-'));
  writeFileSync(
    join(dir, 'worker.properties'),
    [
      `bootstrap.servers=${broker.bootstrap}`,
      'group.id=connect-cluster',
      'config.storage.topic=connect-configs',
      'offset.storage.topic=connect-offsets',
      'status.storage.topic=connect-status',
      'config.storage.replication.factor=1',
      'offset.storage.replication.factor=1',
      'status.storage.replication.factor=1',
      'offset.flush.interval.ms=300',
      'heartbeat.interval.ms=500',
      'session.timeout.ms=6000',
      'listeners=http://127.0.0.1:0',
      '',
    ].join('\n'),
  );
  for (let i = 0; i < 3; i++) startWorker();
  await until('three workers listening', () => procs.every((p) => p.url !== null));
});

after(async () => {
  for (const p of procs) p.child.kill('SIGKILL');
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps delivering when the worker running the source task is killed -9', async () => {
  const input = join(dir, 'in.txt');
  const output = join(dir, 'out.txt');
  writeFileSync(input, Array.from({ length: 200 }, (_, i) => `a-${i}\n`).join(''));
  const url = procs[0]?.url as string;
  const src = await call(url, 'POST', '/connectors', {
    name: 'src',
    config: { 'connector.class': 'FileStreamSource', file: input, topic: 'kill-test' },
  });
  assert.equal(src.status, 201, JSON.stringify(src.body));
  const snk = await call(url, 'POST', '/connectors', {
    name: 'snk',
    config: { 'connector.class': 'FileStreamSink', file: output, topics: 'kill-test' },
  });
  assert.equal(snk.status, 201, JSON.stringify(snk.body));
  await until('the first 200 lines', () => lines(output).length >= 200);

  let ownerId = '';
  await until('the source task running', async () => {
    const s = await call(url, 'GET', '/connectors/src/status');
    ownerId = s.body?.tasks?.[0]?.state === 'RUNNING' ? s.body.tasks[0].worker_id : '';
    return ownerId !== '';
  });
  const victim = procs.find((p) => p.url === `http://${ownerId}`) as Proc;
  assert.ok(victim, `a worker with id ${ownerId}`);
  appendFileSync(input, Array.from({ length: 100 }, (_, i) => `b-${i}\n`).join(''));
  victim.child.kill('SIGKILL');
  appendFileSync(input, Array.from({ length: 100 }, (_, i) => `c-${i}\n`).join(''));
  const survivor = procs.find((p) => p !== victim && p.child.exitCode === null) as Proc;
  await until('every line after the kill', () => lines(output).includes('c-99'));

  const expected = [
    ...Array.from({ length: 200 }, (_, i) => `a-${i}`),
    ...Array.from({ length: 100 }, (_, i) => `b-${i}`),
    ...Array.from({ length: 100 }, (_, i) => `c-${i}`),
  ];
  const seen = new Set<string>();
  const firstOccurrences = lines(output).filter((l) => !seen.has(l) && seen.add(l));
  assert.deepEqual(firstOccurrences, expected, 'every line, first occurrences in file order');
  const status = await call(survivor.url as string, 'GET', '/connectors/src/status');
  assert.notEqual(status.body.tasks[0].worker_id, ownerId, 'the task moved to a live worker');
});
