/**
 * `samsa configs` for client quotas against an in-process broker: the seed document's examples
 * (users and clients), describing them back in kafka-configs.sh's words, defaults, a user and
 * client id together, deleting a key, and refusals the broker or the parser makes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { samsa } from './support/cli.js';

describe('configs: client quotas', () => {
  let broker: Broker;
  let bs: string[];
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-cli-quotas-'));
    broker = await startBroker({ logDirs: join(dir, 'logs') });
    bs = ['--bootstrap-server', broker.bootstrapServers];
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const configs = (...args: string[]) => samsa(['configs', ...bs, ...args]);

  it('alters users and clients as in the seed example, and describes them', async () => {
    let r = await configs(
      '--alter',
      '--add-config',
      'producer_byte_rate=1048576',
      '--entity-type',
      'users',
      '--entity-name',
      'userA',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Completed updating config for user userA.\n');
    r = await configs(
      '--alter',
      '--add-config',
      'request_percentage=50',
      '--entity-type',
      'clients',
      '--entity-name',
      'clientC',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Completed updating config for client clientC.\n');

    r = await configs('--describe', '--entity-type', 'users', '--entity-name', 'userA');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "Quota configs for user-principal 'userA' are producer_byte_rate=1048576.0\n");
    r = await configs('--describe', '--entity-type', 'clients', '--entity-name', 'clientC');
    assert.equal(r.stdout, "Quota configs for client-id 'clientC' are request_percentage=50.0\n");
    r = await configs('--describe', '--entity-type', 'users', '--entity-name', 'userA', '--output', 'json');
    assert.deepEqual(JSON.parse(r.stdout), [{ entity: { user: 'userA' }, quotas: { producer_byte_rate: 1048576 } }]);
  });

  it('sets defaults and user+client combinations, describes any, and deletes keys', async () => {
    let r = await configs(
      '--alter',
      '--entity-type',
      'users',
      '--entity-default',
      '--add-config',
      'consumer_byte_rate=20000000',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Completed updating default config for users in the cluster.\n');
    r = await configs('--alter', '--user', 'userB', '--client', 'clientD', '--add-config', 'producer_byte_rate=1000');
    assert.equal(r.status, 0, r.stderr);
    r = await configs(
      '--describe',
      '--entity-type',
      'users',
      '--entity-name',
      'userB',
      '--entity-type',
      'clients',
      '--entity-name',
      'clientD',
    );
    assert.equal(
      r.stdout,
      "Quota configs for user-principal 'userB', client-id 'clientD' are producer_byte_rate=1000.0\n",
    );
    r = await configs('--describe', '--entity-type', 'users', '--entity-default');
    assert.equal(r.stdout, 'Quota configs for the default user-principal are consumer_byte_rate=2.0E7\n');
    r = await configs('--describe', '--entity-type', 'users');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n').sort();
    assert.deepEqual(lines, [
      'Quota configs for the default user-principal are consumer_byte_rate=2.0E7',
      "Quota configs for user-principal 'userA' are producer_byte_rate=1048576.0",
    ]);

    r = await configs('--alter', '--entity-type', 'users', '--entity-default', '--delete-config', 'consumer_byte_rate');
    assert.equal(r.status, 0, r.stderr);
    r = await configs('--describe', '--entity-type', 'users', '--entity-default');
    assert.equal(r.stdout, '');
  });

  it('reports what the broker refuses, and usage errors', async () => {
    let r = await configs('--alter', '--entity-type', 'users', '--entity-name', 'u', '--add-config', 'bogus_rate=1');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /INVALID_REQUEST.*bogus_rate/);
    r = await configs(
      '--alter',
      '--entity-type',
      'users',
      '--entity-name',
      'u',
      '--add-config',
      'producer_byte_rate=fast',
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /producer_byte_rate must be a number/);
    r = await configs('--alter', '--entity-type', 'users', '--add-config', 'producer_byte_rate=1');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--entity-name or --entity-default/);
  });
});
