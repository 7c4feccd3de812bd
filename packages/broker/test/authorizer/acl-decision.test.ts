/**
 * The authorization decision, rule by rule (Kafka's AclAuthorizer semantics): super users,
 * allow.everyone.if.no.acl.found, DENY beating ALLOW, operation implications (ALLOW only), ALL,
 * principal and host wildcards, literal / wildcard / prefixed patterns, and the index lookups.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessControlEntry } from '../../src/security/authorizer/acl-binding.js';
import { decide } from '../../src/security/authorizer/acl-decision.js';
import { AclIndex } from '../../src/security/authorizer/acl-index.js';
import {
  AclPermissionType,
  AclOperation as Op,
  PatternType,
  ResourceType,
} from '../../src/security/authorizer/acl-types.js';

const ALLOW = AclPermissionType.ALLOW;
const DENY = AclPermissionType.DENY;
const none = { superUsers: new Set<string>(), allowEveryoneIfNoAclFound: false };

function e(operation: number, permissionType: number, principal = 'User:alice', host = '*'): AccessControlEntry {
  return { principal, host, operation, permissionType };
}
const req = (operation: number, principal = 'User:alice', host = '10.0.0.1') => ({ principal, host, operation });

describe('acl decision', () => {
  it('denies by default once ACLs exist for the resource, and with none unless allow.everyone.if.no.acl.found', () => {
    assert.equal(decide(req(Op.READ), [], none), false);
    assert.equal(decide(req(Op.READ), [[]], { ...none, allowEveryoneIfNoAclFound: true }), true);
    // An ACL for someone else on the resource: no longer "no ACL found".
    const bob = [[e(Op.READ, ALLOW, 'User:bob')]];
    assert.equal(decide(req(Op.READ), bob, { ...none, allowEveryoneIfNoAclFound: true }), false);
  });

  it('lets super users do everything, whatever DENY says', () => {
    const s = { superUsers: new Set(['User:admin']), allowEveryoneIfNoAclFound: false };
    assert.equal(decide(req(Op.ALTER, 'User:admin'), [[e(Op.ALL, DENY, 'User:admin')]], s), true);
    assert.equal(decide(req(Op.ALTER, 'User:alice'), [], s), false);
  });

  it('DENY wins over ALLOW, also through ALL and the wildcard principal', () => {
    assert.equal(decide(req(Op.WRITE), [[e(Op.WRITE, ALLOW), e(Op.WRITE, DENY)]], none), false);
    assert.equal(decide(req(Op.WRITE), [[e(Op.ALL, ALLOW)], [e(Op.ALL, DENY, 'User:*')]], none), false);
    assert.equal(decide(req(Op.WRITE), [[e(Op.WRITE, ALLOW)], [e(Op.READ, DENY)]], none), true);
  });

  it('READ, WRITE, DELETE and ALTER imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS; nothing else', () => {
    for (const op of [Op.READ, Op.WRITE, Op.DELETE, Op.ALTER]) {
      assert.equal(decide(req(Op.DESCRIBE), [[e(op, ALLOW)]], none), true, `op ${op}`);
    }
    for (const op of [Op.CREATE, Op.CLUSTER_ACTION, Op.ALTER_CONFIGS, Op.IDEMPOTENT_WRITE]) {
      assert.equal(decide(req(Op.DESCRIBE), [[e(op, ALLOW)]], none), false, `op ${op}`);
    }
    assert.equal(decide(req(Op.DESCRIBE_CONFIGS), [[e(Op.ALTER_CONFIGS, ALLOW)]], none), true);
    assert.equal(decide(req(Op.ALTER_CONFIGS), [[e(Op.DESCRIBE_CONFIGS, ALLOW)]], none), false);
    assert.equal(decide(req(Op.READ), [[e(Op.DESCRIBE, ALLOW)]], none), false);
    assert.equal(decide(req(Op.WRITE), [[e(Op.READ, ALLOW)]], none), false);
    assert.equal(decide(req(Op.IDEMPOTENT_WRITE), [[e(Op.ALL, ALLOW)]], none), true);
  });

  it('implications do not apply to DENY: DENY READ leaves an allowed DESCRIBE allowed', () => {
    assert.equal(decide(req(Op.DESCRIBE), [[e(Op.DESCRIBE, ALLOW), e(Op.READ, DENY)]], none), true);
    assert.equal(decide(req(Op.DESCRIBE), [[e(Op.WRITE, ALLOW), e(Op.DESCRIBE, DENY)]], none), false);
  });

  it('matches hosts exactly or by *', () => {
    const acls = [[e(Op.READ, ALLOW, 'User:alice', '10.0.0.1')]];
    assert.equal(decide(req(Op.READ, 'User:alice', '10.0.0.1'), acls, none), true);
    assert.equal(decide(req(Op.READ, 'User:alice', '10.0.0.2'), acls, none), false);
    const denyHost = [[e(Op.READ, ALLOW), e(Op.READ, DENY, 'User:alice', '10.0.0.2')]];
    assert.equal(decide(req(Op.READ, 'User:alice', '10.0.0.2'), denyHost, none), false);
    assert.equal(decide(req(Op.READ, 'User:alice', '10.0.0.1'), denyHost, none), true);
  });

  it('matches principals exactly or by User:*', () => {
    assert.equal(decide(req(Op.READ, 'User:bob'), [[e(Op.READ, ALLOW, 'User:*')]], none), true);
    assert.equal(decide(req(Op.READ, 'User:bob'), [[e(Op.READ, ALLOW, 'User:alice')]], none), false);
  });
});

describe('acl index', () => {
  const topic = (name: string, patternType: number = PatternType.LITERAL) => ({
    resourceType: ResourceType.TOPIC,
    name,
    patternType,
  });

  it('finds literal, wildcard and every prefix pattern that applies, and only those', () => {
    const ix = new AclIndex();
    ix.set(topic('orders'), [e(Op.READ, ALLOW)]);
    ix.set(topic('*'), [e(Op.DESCRIBE, ALLOW)]);
    ix.set(topic('ord', PatternType.PREFIXED), [e(Op.WRITE, ALLOW)]);
    ix.set(topic('orders-', PatternType.PREFIXED), [e(Op.DELETE, ALLOW)]);
    ix.set(topic('x', PatternType.PREFIXED), [e(Op.ALTER, ALLOW)]);
    ix.set({ resourceType: ResourceType.GROUP, name: 'orders', patternType: PatternType.LITERAL }, [e(Op.READ, DENY)]);
    const ops = (name: string) =>
      ix
        .matching(ResourceType.TOPIC, name)
        .flat()
        .map((x) => x.operation)
        .sort();
    assert.deepEqual(ops('orders'), [Op.READ, Op.WRITE, Op.DESCRIBE].sort());
    assert.deepEqual(ops('orders-eu'), [Op.WRITE, Op.DELETE, Op.DESCRIBE].sort());
    assert.deepEqual(ops('or'), [Op.DESCRIBE]);
    assert.equal(ix.size, 6);
  });

  it('keeps entries unique, removes a pattern with an empty list, and yields every binding', () => {
    const ix = new AclIndex();
    ix.set(topic('t'), [e(Op.READ, ALLOW), e(Op.READ, ALLOW)]);
    assert.equal(ix.size, 1);
    ix.set(topic('p', PatternType.PREFIXED), [e(Op.WRITE, ALLOW)]);
    assert.equal([...ix.bindings()].length, 2);
    ix.set(topic('p', PatternType.PREFIXED), []);
    assert.equal(ix.size, 1);
    assert.deepEqual(ix.matching(ResourceType.TOPIC, 'px'), []);
  });

  it('a prefixed pattern and a decision through it: allowed under the prefix, refused elsewhere', () => {
    const ix = new AclIndex();
    ix.set(topic('team-a.', PatternType.PREFIXED), [e(Op.WRITE, ALLOW)]);
    assert.equal(decide(req(Op.WRITE), ix.matching(ResourceType.TOPIC, 'team-a.orders'), none), true);
    assert.equal(decide(req(Op.WRITE), ix.matching(ResourceType.TOPIC, 'team-b.orders'), none), false);
  });
});
