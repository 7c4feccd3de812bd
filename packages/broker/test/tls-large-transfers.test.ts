/**
 * Megabytes through an SSL listener with librdkafka (kcat) on both ends: produce requests that
 * arrive as hundreds of small TLS records each (librdkafka's writes; the broker takes them
 * without Readable's machinery, network/direct-read.ts) and fetch responses whose records go out
 * as TLS writes of their own (network/connection.ts, uncorkLarge). Every record comes back once,
 * in order, byte for byte.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestCa, expectSuccess, kcat, type TestCa } from '@samsa/test-kit';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

const RECORDS = 4000;

/** Record i: its number, then 1 KiB of letters that depend on i (so a shifted byte shows). */
function record(i: number): string {
  const letters = Array.from({ length: 1000 }, (_, j) => String.fromCharCode(97 + ((i + j) % 26))).join('');
  return `${String(i).padStart(6, '0')}-${letters}`;
}

describe('large transfers over SSL', () => {
  let ca: TestCa;
  let fx: TestBroker;
  let bootstrap: string;
  const ssl = () => ['-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${ca.caCert}`];

  before(async () => {
    ca = createTestCa();
    const keystore = join(ca.dir, 'server-keystore.pem');
    writeFileSync(keystore, ca.read(ca.server.key) + ca.read(ca.server.cert));
    fx = await startTestBroker({
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': keystore,
        'num.partitions': '1',
      },
    });
    bootstrap = `localhost:${fx.broker.listenerPort('SSL')}`;
  });
  after(async () => {
    await fx?.stop();
    ca?.remove();
  });

  it('gives back 4 MB produced and consumed by kcat, in order and intact', async () => {
    const topic = 'tls-large';
    const lines = Array.from({ length: RECORDS }, (_, i) => record(i));
    expectSuccess(
      await kcat(['-P', '-b', bootstrap, '-t', topic, '-X', 'linger.ms=50', ...ssl()], {
        input: `${lines.join('\n')}\n`,
        timeoutMs: 60_000,
      }),
      'kcat produce over SSL',
    );
    const out = expectSuccess(
      await kcat(['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\\n', ...ssl()], {
        timeoutMs: 60_000,
      }),
      'kcat consume over SSL',
    ).stdout;
    const got = out.split('\n').filter((l) => l !== '');
    assert.equal(got.length, RECORDS);
    for (let i = 0; i < RECORDS; i++) assert.equal(got[i], lines[i], `record ${i}`);
  });
});
