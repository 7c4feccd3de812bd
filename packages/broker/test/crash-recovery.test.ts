/**
 * Durability of acknowledged writes: a librdkafka producer (acks=all) writes as fast as it can,
 * the broker process is killed with SIGKILL mid-stream, restarted on the same log dir, and every
 * record that was acknowledged must be read back at exactly the offset it was acknowledged with.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expectSuccess, kcat } from '@samsa/test-kit';
import { freePort } from '../src/testing/index.js';
import { startBrokerProcess } from './support/broker-process.js';

const PRODUCER = `
import sys
from confluent_kafka import Producer
p = Producer({'bootstrap.servers': sys.argv[1], 'acks': 'all', 'linger.ms': 2,
              'message.timeout.ms': 60000, 'retries': 0})
def report(err, msg):
    if err is None:
        sys.stdout.write('%d %s\\n' % (msg.offset(), msg.value().decode()))
        sys.stdout.flush()
i = 0
while True:
    try:
        p.produce('durable', value=b'value-%d' % i, on_delivery=report)
        i += 1
    except BufferError:
        p.poll(0.01)
    p.poll(0)
`;

describe('crash recovery', () => {
  it('keeps every acknowledged record at its acknowledged offset across kill -9', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-crash-'));
    const port = await freePort();
    const bootstrap = `127.0.0.1:${port}`;
    let broker = await startBrokerProcess(port, dir);
    const acked = new Map<number, string>();
    const producer = spawn('/usr/bin/python3', ['-c', PRODUCER, bootstrap], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let partial = '';
      producer.stdout.setEncoding('utf8').on('data', (d: string) => {
        const text = partial + d;
        const lines = text.split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) {
          const [offset, value] = l.split(' ');
          acked.set(Number(offset), value as string);
        }
      });
      const deadline = Date.now() + 60_000;
      while (acked.size < 20_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(acked.size >= 20_000, `producer got ${acked.size} acks before the kill`);
      await broker.kill('SIGKILL');
    } finally {
      producer.kill('SIGKILL');
    }
    broker = await startBrokerProcess(port, dir);
    try {
      const out = expectSuccess(
        await kcat(['-C', '-b', bootstrap, '-t', 'durable', '-o', 'beginning', '-e', '-f', '%o %s\\n'], {
          timeoutMs: 60_000,
        }),
        'kcat consume after restart',
      ).stdout;
      const stored = new Map<number, string>();
      for (const l of out.trim().split('\n')) {
        const [o, v] = l.split(' ');
        stored.set(Number(o), v as string);
      }
      let missing = 0;
      for (const [offset, value] of acked) if (stored.get(offset) !== value) missing++;
      assert.equal(missing, 0, `all ${acked.size} acknowledged records survive at their offsets`);
      const offsets = [...stored.keys()].sort((a, b) => a - b);
      assert.deepEqual(
        offsets,
        offsets.map((_, i) => i),
        'the recovered log is dense from 0',
      );
    } finally {
      await broker.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
