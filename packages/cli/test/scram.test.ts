/**
 * The CLI over SASL_PLAINTEXT: `--command-config` with Kafka's client keys (security.protocol,
 * sasl.mechanism, sasl.jaas.config) authenticates the tools; `samsa configs` creates, describes
 * and deletes SCRAM credentials as kafka-configs.sh does, and the created credential then
 * authenticates a console producer and consumer with SCRAM-SHA-256. Bad security settings are
 * usage errors.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { samsa } from './support/cli.js';

const PLAIN_MODULE = 'org.apache.kafka.common.security.plain.PlainLoginModule';
const SCRAM_MODULE = 'org.apache.kafka.common.security.scram.ScramLoginModule';

describe('configs: SCRAM credentials over SASL', () => {
  let broker: Broker;
  let dir: string;
  let adminProps: string;
  const props = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-cli-scram-'));
    broker = await startBroker({
      logDirs: join(dir, 'logs'),
      config: {
        listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
        'security.inter.broker.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism.inter.broker.protocol': 'PLAIN',
        'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
        'listener.name.sasl_plaintext.plain.sasl.jaas.config': `${PLAIN_MODULE} required user_admin="admin-secret";`,
        'connection.failed.authentication.delay.ms': 10,
      },
    });
    adminProps = props('admin.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=PLAIN',
      `sasl.jaas.config=${PLAIN_MODULE} required username="admin" password="admin-secret";`,
    ]);
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const configs = (...args: string[]) =>
    samsa(['configs', '--bootstrap-server', broker.bootstrapServers, '--command-config', adminProps, ...args]);

  it('adds, describes and deletes SCRAM credentials as kafka-configs.sh does', async () => {
    let r = await configs(
      '--alter',
      '--add-config',
      'SCRAM-SHA-256=[iterations=8192,password=alice-secret],SCRAM-SHA-512=[password=alice-secret]',
      '--entity-type',
      'users',
      '--entity-name',
      'alice',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Completed updating config for user alice.\n');
    r = await configs('--describe', '--entity-type', 'users', '--entity-name', 'alice');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      "SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192, SCRAM-SHA-512=iterations=4096\n",
    );
    r = await configs(
      '--alter',
      '--delete-config',
      'SCRAM-SHA-512',
      '--entity-type',
      'users',
      '--entity-name',
      'alice',
    );
    assert.equal(r.status, 0, r.stderr);
    r = await configs('--describe', '--entity-type', 'users', '--entity-name', 'alice');
    assert.equal(r.stdout, "SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192\n");
  });

  it('refuses iterations below 4096 with the broker’s message', async () => {
    const r = await configs(
      '--alter',
      '--add-config',
      'SCRAM-SHA-256=[iterations=100,password=x]',
      '--entity-type',
      'users',
      '--entity-name',
      'bob',
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Too few iterations/);
  });

  it('the created credential authenticates console tools with SCRAM-SHA-256; a wrong one is refused', async () => {
    await configs(
      '--alter',
      '--add-config',
      'SCRAM-SHA-256=[password=carol-secret]',
      '--entity-type',
      'users',
      '--entity-name',
      'carol',
    );
    const carol = props('carol.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=SCRAM-SHA-256',
      `sasl.jaas.config=${SCRAM_MODULE} required username="carol" password="carol-secret";`,
    ]);
    const bs = ['--bootstrap-server', broker.bootstrapServers];
    let r = await samsa(['console-producer', ...bs, '--topic', 'scram-cli', '--producer.config', carol], {
      input: 'a\nb\n',
    });
    assert.equal(r.status, 0, r.stderr);
    r = await samsa([
      'console-consumer',
      ...bs,
      '--topic',
      'scram-cli',
      '--from-beginning',
      '--max-messages',
      '2',
      '--consumer.config',
      carol,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'a\nb\n');
    const wrong = props('wrong.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=SCRAM-SHA-256',
      `sasl.jaas.config=${SCRAM_MODULE} required username="carol" password="nope";`,
    ]);
    r = await samsa(['topics', ...bs, '--list', '--command-config', wrong]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /invalid credentials with SASL mechanism SCRAM-SHA-256/);
  });

  it('makes unusable security settings usage errors', async () => {
    const bs = ['--bootstrap-server', broker.bootstrapServers];
    const gssapi = props('gssapi.properties', ['security.protocol=SASL_PLAINTEXT']);
    let r = await samsa(['topics', ...bs, '--list', '--command-config', gssapi]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /sasl.mechanism GSSAPI is not supported/);
    const noJaas = props('nojaas.properties', ['security.protocol=SASL_PLAINTEXT', 'sasl.mechanism=PLAIN']);
    r = await samsa(['topics', ...bs, '--list', '--command-config', noJaas]);
    assert.match(r.stderr, /needs sasl.jaas.config/);
    const badJaas = props('badjaas.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=PLAIN',
      `sasl.jaas.config=${PLAIN_MODULE} required username="admin`,
    ]);
    r = await samsa(['topics', ...bs, '--list', '--command-config', badJaas]);
    assert.match(r.stderr, /unterminated quoted string/);
  });
});
