/**
 * `samsa acls` against an in-process broker with the ACL authorizer (the tool's connection is
 * User:ANONYMOUS, made a super user here): --add prints kafka-acls.sh's "Adding ACLs for resource"
 * block and --list its "Current ACLs for resource" blocks, --list (all, by resource, by --principal, PREFIXED),
 * --producer/--consumer expand as Kafka's tool does, --remove --force deletes, and bad flags are
 * usage errors.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { samsa } from './support/cli.js';

const TOPIC_T = 'ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)';
const alice = (op: string, perm = 'ALLOW') => `(principal=User:alice, host=*, operation=${op}, permissionType=${perm})`;

describe('acls', () => {
  let broker: Broker;
  let bs: string[];
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-cli-acls-'));
    broker = await startBroker({
      logDirs: join(dir, 'logs'),
      config: { 'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer', 'super.users': 'User:ANONYMOUS' },
    });
    bs = ['--bootstrap-server', broker.bootstrapServers];
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const acls = (...args: string[]) => samsa(['acls', ...bs, ...args]);

  it('adds an ACL and prints what kafka-acls.sh prints', async () => {
    const r = await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Read', '--topic', 't');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `Adding ACLs for resource \`${TOPIC_T}\`: \n \t${alice('READ')} \n\n`);
  });

  it('lists all ACLs, a resource, a principal, and PREFIXED ones', async () => {
    let r = await acls(
      '--add',
      '--deny-principal',
      'User:bob',
      '--operation',
      'Write',
      '--topic',
      'logs-',
      '--resource-pattern-type',
      'PREFIXED',
    );
    assert.equal(r.status, 0, r.stderr);
    r = await acls('--list');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /Current ACLs for resource `ResourcePattern\(resourceType=TOPIC, name=t, patternType=LITERAL\)`/,
    );
    assert.match(
      r.stdout,
      /Current ACLs for resource `ResourcePattern\(resourceType=TOPIC, name=logs-, patternType=PREFIXED\)`: \n \t\(principal=User:bob, host=\*, operation=WRITE, permissionType=DENY\) \n/,
    );
    r = await acls('--list', '--topic', 't');
    assert.equal(r.stdout, `Current ACLs for resource \`${TOPIC_T}\`: \n \t${alice('READ')} \n\n`);
    r = await acls('--list', '--principal', 'User:bob');
    assert.equal(
      r.stdout,
      'Current ACLs for principal `User:bob` and resource `ResourcePattern(resourceType=TOPIC, name=logs-, patternType=PREFIXED)`: \n \t(principal=User:bob, host=*, operation=WRITE, permissionType=DENY) \n\n',
    );
    r = await acls('--list', '--topic', 'logs-', '--resource-pattern-type', 'prefixed', '--output', 'json');
    assert.deepEqual(JSON.parse(r.stdout), [
      {
        pattern: { resourceType: 'TOPIC', name: 'logs-', patternType: 'PREFIXED' },
        entry: { principal: 'User:bob', host: '*', operation: 'WRITE', permissionType: 'DENY' },
      },
    ]);
  });

  it('--producer and --consumer add the ACLs Kafka’s tool adds', async () => {
    let r = await acls(
      '--add',
      '--allow-principal',
      'User:carol',
      '--producer',
      '--topic',
      'p',
      '--transactional-id',
      'tx',
      '--idempotent',
    );
    assert.equal(r.status, 0, r.stderr);
    r = await acls('--list', '--principal', 'User:carol', '--output', 'json');
    const ops = (JSON.parse(r.stdout) as Array<{ pattern: { resourceType: string }; entry: { operation: string } }>)
      .map((b) => `${b.pattern.resourceType}:${b.entry.operation}`)
      .sort();
    assert.deepEqual(ops, [
      'CLUSTER:IDEMPOTENT_WRITE',
      'TOPIC:CREATE',
      'TOPIC:DESCRIBE',
      'TOPIC:WRITE',
      'TRANSACTIONAL_ID:DESCRIBE',
      'TRANSACTIONAL_ID:WRITE',
    ]);
    r = await acls('--add', '--allow-principal', 'User:dan', '--consumer', '--topic', 'c', '--group', 'g');
    assert.equal(r.status, 0, r.stderr);
    r = await acls('--list', '--principal', 'User:dan', '--output', 'json');
    assert.deepEqual(
      (JSON.parse(r.stdout) as Array<{ pattern: { resourceType: string }; entry: { operation: string } }>)
        .map((b) => `${b.pattern.resourceType}:${b.entry.operation}`)
        .sort(),
      ['GROUP:READ', 'TOPIC:DESCRIBE', 'TOPIC:READ'],
    );
  });

  it('removes with --force, one ACL or every ACL of a resource', async () => {
    let r = await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Write', '--topic', 't');
    assert.equal(r.status, 0, r.stderr);
    r = await acls('--remove', '--force', '--allow-principal', 'User:alice', '--operation', 'Read', '--topic', 't');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    r = await acls('--list', '--topic', 't');
    assert.equal(r.stdout, `Current ACLs for resource \`${TOPIC_T}\`: \n \t${alice('WRITE')} \n\n`);
    r = await acls('--remove', '--force', '--topic', 't');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    r = await acls('--list', '--topic', 't');
    assert.equal(r.stdout, '');
  });

  it('refuses bad command lines with a usage error', async () => {
    for (const args of [
      ['--add', '--topic', 't'],
      ['--add', '--allow-principal', 'alice', '--topic', 't'],
      ['--add', '--allow-principal', 'User:a', '--operation', 'Fly', '--topic', 't'],
      ['--add', '--list', '--topic', 't'],
      ['--add', '--allow-principal', 'User:a', '--consumer', '--topic', 't'],
      ['--add', '--allow-principal', 'User:a', '--topic', 't', '--resource-pattern-type', 'MATCH'],
      ['--remove', '--force'],
    ]) {
      const r = await acls(...args);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.ok(r.stderr.length > 0);
    }
  });
});
