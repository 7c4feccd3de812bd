/**
 * The ACL znodes in Kafka's layout and JSON: paths of literal and prefixed patterns, the ACL JSON
 * with Kafka's camel-case names, both change-notification formats, and decode errors that name the
 * path instead of returning half-parsed ACLs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AclOperation, AclPermissionType, PatternType, ResourceType } from '../../src/security/authorizer/acl-types.js';
import { AclChangeZNode, AclResourceZNode, AclTypeZNode } from '../../src/zk/acl-znodes.js';
import { ZNodeDecodeError } from '../../src/zk/znodes.js';

const txn = { resourceType: ResourceType.TRANSACTIONAL_ID, name: 'tx-1', patternType: PatternType.LITERAL };
const prefixed = { resourceType: ResourceType.TOPIC, name: 'orders-', patternType: PatternType.PREFIXED };

describe('ACL znodes', () => {
  it('lay patterns out where Kafka does', () => {
    assert.equal(AclResourceZNode.path(txn), '/kafka-acl/TransactionalId/tx-1');
    assert.equal(AclResourceZNode.path(prefixed), '/kafka-acl-extended/prefixed/Topic/orders-');
    assert.equal(
      AclResourceZNode.path({
        resourceType: ResourceType.DELEGATION_TOKEN,
        name: 'd',
        patternType: PatternType.LITERAL,
      }),
      '/kafka-acl/DelegationToken/d',
    );
    assert.equal(AclTypeZNode.all().length, 12);
    assert.equal(AclChangeZNode.createPath(txn), '/kafka-acl-changes/acl_changes_');
    assert.equal(AclChangeZNode.createPath(prefixed), '/kafka-acl-extended-changes/acl_changes_');
  });

  it('write and read Kafka’s ACL JSON, and read what a Kafka broker writes', () => {
    const entries = [
      {
        principal: 'User:alice',
        host: '*',
        operation: AclOperation.DESCRIBE_CONFIGS,
        permissionType: AclPermissionType.DENY,
      },
    ];
    const data = AclResourceZNode.encode(entries);
    assert.deepEqual(JSON.parse(data.toString()), {
      version: 1,
      acls: [{ principal: 'User:alice', permissionType: 'Deny', operation: 'DescribeConfigs', host: '*' }],
    });
    assert.deepEqual(AclResourceZNode.decode(txn, data), entries);
    const kafkas = Buffer.from(
      '{"version":1,"acls":[{"principal":"User:bob","permissionType":"Allow","operation":"IdempotentWrite","host":"10.0.0.1"}]}',
    );
    assert.deepEqual(AclResourceZNode.decode(txn, kafkas), [
      {
        principal: 'User:bob',
        host: '10.0.0.1',
        operation: AclOperation.IDEMPOTENT_WRITE,
        permissionType: AclPermissionType.ALLOW,
      },
    ]);
  });

  it('encode and decode both change-notification formats', () => {
    assert.equal(AclChangeZNode.encode(txn).toString(), 'TRANSACTIONAL_ID:tx-1');
    assert.deepEqual(
      AclChangeZNode.decode('/kafka-acl-changes', 'acl_changes_0000000001', AclChangeZNode.encode(txn)),
      txn,
    );
    // Older Kafka wrote the camel-case type name.
    assert.deepEqual(AclChangeZNode.decode('/kafka-acl-changes', 'acl_changes_0000000002', Buffer.from('Topic:a:b')), {
      resourceType: ResourceType.TOPIC,
      name: 'a:b',
      patternType: PatternType.LITERAL,
    });
    const ext = AclChangeZNode.encode(prefixed);
    assert.deepEqual(JSON.parse(ext.toString()), {
      version: 1,
      resourceType: 'TOPIC',
      name: 'orders-',
      patternType: 'PREFIXED',
    });
    assert.deepEqual(AclChangeZNode.decode('/kafka-acl-extended-changes', 'acl_changes_0000000003', ext), prefixed);
  });

  it('refuse malformed data with an error naming the path', () => {
    assert.throws(() => AclResourceZNode.decode(txn, Buffer.from('{"version":1}')), ZNodeDecodeError);
    assert.throws(
      () =>
        AclResourceZNode.decode(
          txn,
          Buffer.from('{"acls":[{"principal":"User:a","permissionType":"Allow","operation":"Fly","host":"*"}]}'),
        ),
      /\/kafka-acl\/TransactionalId\/tx-1/,
    );
    assert.throws(
      () => AclChangeZNode.decode('/kafka-acl-changes', 'acl_changes_1', Buffer.from('Nope:x')),
      ZNodeDecodeError,
    );
    assert.throws(
      () => AclChangeZNode.decode('/kafka-acl-extended-changes', 'acl_changes_1', Buffer.from('{')),
      ZNodeDecodeError,
    );
  });
});
