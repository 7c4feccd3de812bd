/** `samsa --help` lists the subcommands; unknown subcommands fail with usage and exit code 1. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'bin', 'samsa');

function samsa(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
}

describe('samsa', () => {
  it('lists its subcommands with --help', () => {
    const r = samsa('--help');
    assert.equal(r.status, 0);
    for (const sub of ['broker', 'topics', 'console-producer', 'console-consumer', 'consumer-groups', 'configs']) {
      assert.match(r.stdout, new RegExp(`^  ${sub} `, 'm'));
    }
  });

  it('fails with usage on an unknown subcommand', () => {
    const r = samsa('frobnicate');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Unknown subcommand 'frobnicate'/);
    assert.match(r.stderr, /Usage: samsa/);
  });

  it('says so for a subcommand that is not implemented yet', () => {
    const r = samsa('dump-log');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not implemented yet/);
  });
});
