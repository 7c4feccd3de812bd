/**
 * `@samsa/broker/testing`'s single broker, as users and the client's tests use it: a real broker
 * that kcat (librdkafka) produces to and reads from, readLog() showing what the log holds,
 * restart() keeping the port and the data, and stop() leaving no temp dir behind (a given dir is
 * the caller's and stays).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeRecordBatches } from '@samsa/protocol';
import { expectSuccess, kcat } from '@samsa/test-kit';
import { startTestBroker } from '../src/testing/index.js';

const values = (records: Buffer) =>
  decodeRecordBatches(records).flatMap((b) => b.records.map((r) => r.value?.toString() ?? ''));

describe('startTestBroker', () => {
  it('serves real clients, shows the log, survives a restart on the same port, and cleans up', async () => {
    const b = await startTestBroker({ config: { 'num.partitions': 1 } });
    try {
      expectSuccess(await kcat(['-P', '-b', b.bootstrap, '-t', 'tb'], { input: 'a\nb\nc\n' }), 'kcat produce');
      assert.deepEqual(values(b.readLog('tb', 0)), ['a', 'b', 'c']);
      assert.equal(b.readLog('no-such-topic', 0).length, 0);
      const port = b.port;
      await b.restart();
      assert.equal(b.port, port, 'restart keeps the port clients bootstrap from');
      const out = expectSuccess(
        await kcat(['-C', '-b', b.bootstrap, '-t', 'tb', '-o', 'beginning', '-e', '-f', '%s\\n']),
        'kcat consume after restart',
      ).stdout;
      assert.deepEqual(out.trim().split('\n'), ['a', 'b', 'c']);
    } finally {
      await b.stop();
    }
    assert.equal(existsSync(b.dir), false, 'the temp dir is removed');
    await b.stop(); // idempotent
  });

  it('keeps a dir it was given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-given-'));
    try {
      const b = await startTestBroker({ dir });
      assert.equal(b.dir, dir);
      await b.stop();
      assert.equal(existsSync(dir), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
