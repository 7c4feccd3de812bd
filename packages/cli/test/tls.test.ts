/**
 * The tools over TLS with Kafka's client properties: `--command-config` (admin tools),
 * `--producer.config` and `--consumer.config` (console tools) holding security.protocol=SSL with
 * PEM stores (files) or PKCS12 stores, against a broker that requires client certificates. A tool
 * without the settings, or with a key store that does not exist, fails with a clear message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { createTestCa, type TestCa } from '@samsa/test-kit';
import { samsa } from './support/cli.js';

function properties(path: string, entries: Record<string, string>): string {
  writeFileSync(
    path,
    `${Object.entries(entries)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return path;
}

describe('tools over TLS', () => {
  let ca: TestCa;
  let broker: Broker;
  let bootstrap: string;
  let pemConfig: string;
  let p12Config: string;
  let logDir = '';

  before(async () => {
    ca = createTestCa();
    const serverStore = join(ca.dir, 'server-store.pem');
    writeFileSync(serverStore, ca.read(ca.server.key) + ca.read(ca.server.cert));
    logDir = mkdtempSync(join(tmpdir(), 'samsa-cli-tls-'));
    broker = await startBroker({
      logDirs: logDir,
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': serverStore,
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': ca.caCert,
        'ssl.client.auth': 'required',
      },
    });
    bootstrap = `localhost:${broker.listenerPort('SSL')}`;
    const alice = ca.client('alice');
    const aliceStore = join(ca.dir, 'alice-store.pem');
    writeFileSync(aliceStore, ca.read(alice.key) + ca.read(alice.cert));
    pemConfig = properties(join(ca.dir, 'pem.properties'), {
      'security.protocol': 'SSL',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': ca.caCert,
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': aliceStore,
    });
    p12Config = properties(join(ca.dir, 'p12.properties'), {
      'security.protocol': 'SSL',
      'ssl.truststore.type': 'PKCS12',
      'ssl.truststore.location': ca.pkcs12Truststore('trust-pw'),
      'ssl.truststore.password': 'trust-pw',
      'ssl.keystore.type': 'PKCS12',
      'ssl.keystore.location': ca.pkcs12(ca.client('bob'), 'key-pw'),
      'ssl.keystore.password': 'key-pw',
      'ssl.endpoint.identification.algorithm': '',
    });
  });
  after(async () => {
    await broker?.stop();
    ca?.remove();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  it('creates and lists topics with --command-config (PEM stores)', async () => {
    let r = await samsa([
      'topics',
      '--bootstrap-server',
      bootstrap,
      '--command-config',
      pemConfig,
      '--create',
      '--topic',
      'secure',
      '--partitions',
      '1',
    ]);
    assert.equal(r.status, 0, r.stderr);
    r = await samsa(['topics', '--bootstrap-server', bootstrap, '--command-config', pemConfig, '--list']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^secure$/m);
  });

  it('produces with --producer.config (PKCS12 stores) and consumes with --consumer.config (PEM stores)', async () => {
    let r = await samsa(
      ['console-producer', '--bootstrap-server', bootstrap, '--producer.config', p12Config, '--topic', 'secure'],
      {
        input: 'one\ntwo\nthree\n',
      },
    );
    assert.equal(r.status, 0, r.stderr);
    r = await samsa([
      'console-consumer',
      '--bootstrap-server',
      bootstrap,
      '--consumer.config',
      pemConfig,
      '--topic',
      'secure',
      '--from-beginning',
      '--max-messages',
      '3',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['one', 'two', 'three']);
  });

  it('fails clearly without TLS settings, and names the key of a key store that does not exist', async () => {
    let r = await samsa(['topics', '--bootstrap-server', bootstrap, '--list', '--timeout', '2000']);
    assert.notEqual(r.status, 0);
    const missing = properties(join(ca.dir, 'missing.properties'), {
      'security.protocol': 'SSL',
      'ssl.keystore.type': 'PKCS12',
      'ssl.keystore.location': join(ca.dir, 'nope.p12'),
    });
    r = await samsa(['topics', '--bootstrap-server', bootstrap, '--command-config', missing, '--list']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /ssl\.keystore\.location: cannot read .*nope\.p12/);
    const bad = properties(join(ca.dir, 'bad.properties'), { 'security.protocol': 'TLS' });
    r = await samsa(['topics', '--bootstrap-server', bootstrap, '--command-config', bad, '--list']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /security\.protocol must be one of/);
  });
});
