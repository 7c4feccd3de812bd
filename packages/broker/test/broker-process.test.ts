/**
 * The `samsa broker` command: an invalid config value (or SAMSA_LOG_LEVEL) stops start-up with a
 * message naming the key; SIGTERM shuts down cleanly (exit 0, clean-shutdown marker written, no
 * rescan next time); so does SIGINT (Ctrl-C): the recovery checkpoint holds the log end, and the
 * next start recovers nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expectSuccess, kcat, run } from '@samsa/test-kit';
import { freePort } from '../src/testing/index.js';
import { SAMSA_BIN, startBrokerProcess } from './support/broker-process.js';

describe('samsa broker', () => {
  it('refuses an invalid config value, naming the key', async () => {
    const r = await run(process.execPath, [SAMSA_BIN, 'broker', '--override', 'num.partitions=abc'], {
      timeoutMs: 20_000,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /num\.partitions/);
    assert.match(r.stderr, /abc/);
  });

  it('refuses to start a TLS listener whose key store cannot be read, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-tls-start-'));
    try {
      const r = await run(
        process.execPath,
        [
          SAMSA_BIN,
          'broker',
          '--override',
          `log.dirs=${dir}`,
          '--override',
          'listeners=PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0',
          '--override',
          'ssl.keystore.type=PEM',
          '--override',
          `ssl.keystore.location=${join(dir, 'missing.pem')}`,
        ],
        { timeoutMs: 20_000 },
      );
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Invalid ssl\.keystore\.location: cannot read .*missing\.pem/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown SAMSA_LOG_LEVEL, naming it and the levels', async () => {
    const r = await run(process.execPath, [SAMSA_BIN, 'broker'], {
      timeoutMs: 20_000,
      env: { SAMSA_LOG_LEVEL: 'verbose' },
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /SAMSA_LOG_LEVEL=verbose is not a log level; use one of trace, debug, info, warn, error/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'a message, not a stack trace');
  });

  it('refuses a config file that does not exist, naming it', async () => {
    const r = await run(process.execPath, [SAMSA_BIN, 'broker', '/nonexistent/server.properties'], {
      timeoutMs: 20_000,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Cannot read configuration file \/nonexistent\/server\.properties: ENOENT/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('refuses a bad value in a config file, naming the key, the value and the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-props-'));
    try {
      const file = join(dir, 'server.properties');
      writeFileSync(file, '# a comment\nlog.retention.hours=forever\n');
      const r = await run(process.execPath, [SAMSA_BIN, 'broker', file], { timeoutMs: 20_000 });
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`Invalid value forever for configuration log\\.retention\\.hours.*${file}:2`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown flag with usage', async () => {
    const r = await run(process.execPath, [SAMSA_BIN, 'broker', '--bogus'], { timeoutMs: 20_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Usage: samsa broker/);
  });

  it('shuts down cleanly on SIGTERM and restarts without losing data', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-term-'));
    const port = await freePort();
    const bootstrap = `127.0.0.1:${port}`;
    try {
      let broker = await startBrokerProcess(port, dir);
      expectSuccess(await kcat(['-P', '-b', bootstrap, '-t', 'kept'], { input: 'one\ntwo\n' }), 'produce');
      await broker.kill('SIGTERM');
      assert.equal(broker.child.exitCode, 0, `exit code 0, output:\n${broker.output()}`);
      assert.ok(
        existsSync(join(dir, '.kafka_cleanshutdown')) || readdirSync(dir).some((f) => f.includes('cleanshutdown')),
      );
      broker = await startBrokerProcess(port, dir);
      const out = expectSuccess(
        await kcat(['-C', '-b', bootstrap, '-t', 'kept', '-o', 'beginning', '-e', '-f', '%s\\n']),
        'consume',
      ).stdout;
      assert.equal(out, 'one\ntwo\n');
      await broker.kill('SIGTERM');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'shuts down cleanly on SIGINT: checkpoint at the log end, nothing recovered at the next start',
    {
      timeout: 60_000,
    },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'samsa-int-'));
      const port = await freePort();
      const bootstrap = `127.0.0.1:${port}`;
      try {
        let broker = await startBrokerProcess(port, dir, [], { logLevel: 'info' });
        expectSuccess(await kcat(['-P', '-b', bootstrap, '-t', 'kept'], { input: 'one\ntwo\nthree\n' }), 'produce');
        await broker.kill('SIGINT');
        assert.equal(broker.child.exitCode, 0, `exit code 0, output:\n${broker.output()}`);
        assert.match(broker.output(), /"broker stopped"/, 'the last log line was flushed');
        const checkpoint = readFileSync(join(dir, 'recovery-point-offset-checkpoint'), 'utf8');
        assert.match(checkpoint, /^kept 0 3$/m);
        broker = await startBrokerProcess(port, dir, [], { logLevel: 'info' });
        const out = expectSuccess(
          await kcat(['-C', '-b', bootstrap, '-t', 'kept', '-o', 'beginning', '-e', '-f', '%s\\n']),
          'consume',
        ).stdout;
        assert.equal(out, 'one\ntwo\nthree\n');
        await broker.kill('SIGINT');
        // Loading logs that a clean shutdown left scans no segment (a kill -9 would log "recovered kept-0").
        assert.doesNotMatch(broker.output(), /recovered |rebuilding the indexes|truncated /);
        assert.equal(broker.child.exitCode, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
