/** `samsa --help` lists the subcommands; unknown subcommands fail with usage and exit code 1. No broker needed. */
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

  it('maps each subcommand to the Kafka script it replaces, and documents exit codes', () => {
    const r = samsa('--help');
    assert.match(r.stdout, /^ {2}topics +kafka-topics\.sh /m);
    assert.match(r.stdout, /^ {2}dump-log +kafka-dump-log\.sh /m);
    assert.doesNotMatch(r.stdout, /not implemented yet/);
    assert.match(r.stdout, /Exit codes: 0 ok, 1 usage/);
  });

  it("prints a subcommand's options with --help and exits 0", () => {
    const r = samsa('topics', '--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--bootstrap-server <servers>/);
    assert.match(r.stdout, /--replication-factor <n>/);
  });
});
