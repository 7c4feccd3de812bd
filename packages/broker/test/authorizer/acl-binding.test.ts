/**
 * Bindings and filters: what CreateAcls refuses (Kafka's messages), what makes a filter malformed,
 * and how filters match (ANY, MATCH against literal, wildcard and prefixed patterns).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AclBinding,
  type AclBindingFilter,
  bindingMatches,
  invalidBinding,
  invalidFilter,
} from '../../src/security/authorizer/acl-binding.js';
import {
  AclOperation as Op,
  PatternType,
  AclPermissionType as Perm,
  parseOperation,
  parseResourceType,
  ResourceType,
} from '../../src/security/authorizer/acl-types.js';

const binding = (
  name: string,
  patternType: number = PatternType.LITERAL,
  resourceType: number = ResourceType.TOPIC,
): AclBinding => ({
  pattern: { resourceType, name, patternType },
  entry: { principal: 'User:alice', host: '*', operation: Op.READ, permissionType: Perm.ALLOW },
});
const any: AclBindingFilter = {
  resourceType: ResourceType.ANY,
  name: null,
  patternType: PatternType.ANY,
  principal: null,
  host: null,
  operation: Op.ANY,
  permissionType: Perm.ANY,
};

describe('acl bindings', () => {
  it('refuses what Kafka refuses in CreateAcls', () => {
    assert.equal(invalidBinding(binding('t')), null);
    assert.match(invalidBinding(binding('t', PatternType.MATCH)) ?? '', /pattern type/);
    assert.match(invalidBinding(binding('t', PatternType.ANY)) ?? '', /pattern type/);
    assert.match(invalidBinding(binding('*', PatternType.PREFIXED)) ?? '', /Wildcard/);
    assert.match(invalidBinding(binding('t', PatternType.LITERAL, ResourceType.CLUSTER)) ?? '', /kafka-cluster/);
    assert.equal(invalidBinding(binding('kafka-cluster', PatternType.LITERAL, ResourceType.CLUSTER)), null);
    assert.match(invalidBinding(binding('t', PatternType.LITERAL, ResourceType.ANY)) ?? '', /resource type/);
    const b = binding('t');
    assert.match(invalidBinding({ ...b, entry: { ...b.entry, principal: 'alice' } }) ?? '', /principal/);
    assert.match(invalidBinding({ ...b, entry: { ...b.entry, operation: Op.ANY } }) ?? '', /operation/);
    assert.match(invalidBinding({ ...b, entry: { ...b.entry, permissionType: Perm.ANY } }) ?? '', /permission/);
  });

  it('finds malformed filters', () => {
    assert.equal(invalidFilter(any), null);
    assert.notEqual(invalidFilter({ ...any, resourceType: ResourceType.UNKNOWN }), null);
    assert.notEqual(invalidFilter({ ...any, patternType: PatternType.UNKNOWN }), null);
    assert.notEqual(invalidFilter({ ...any, operation: Op.UNKNOWN }), null);
    assert.notEqual(invalidFilter({ ...any, permissionType: Perm.UNKNOWN }), null);
    assert.notEqual(invalidFilter({ ...any, principal: 'nocolon' }), null);
  });

  it('matches filters: ANY, exact pattern type, MATCH (literal, wildcard, prefixes of the name)', () => {
    assert.equal(bindingMatches(any, binding('t')), true);
    const lit = { ...any, resourceType: ResourceType.TOPIC, name: 'orders', patternType: PatternType.LITERAL };
    assert.equal(bindingMatches(lit, binding('orders')), true);
    assert.equal(bindingMatches(lit, binding('orders', PatternType.PREFIXED)), false);
    const match = { ...any, resourceType: ResourceType.TOPIC, name: 'orders-eu', patternType: PatternType.MATCH };
    assert.equal(bindingMatches(match, binding('orders-eu')), true);
    assert.equal(bindingMatches(match, binding('*')), true);
    assert.equal(bindingMatches(match, binding('orders', PatternType.PREFIXED)), true);
    assert.equal(bindingMatches(match, binding('orders')), false);
    assert.equal(bindingMatches(match, binding('orders-eu', PatternType.LITERAL, ResourceType.GROUP)), false);
    assert.equal(bindingMatches({ ...any, principal: 'User:bob' }, binding('t')), false);
    assert.equal(bindingMatches({ ...any, operation: Op.WRITE }, binding('t')), false);
    assert.equal(bindingMatches({ ...any, permissionType: Perm.DENY }, binding('t')), false);
  });

  it('parses names in both of Kafka spellings', () => {
    assert.equal(parseResourceType('TransactionalId'), ResourceType.TRANSACTIONAL_ID);
    assert.equal(parseResourceType('TRANSACTIONAL_ID'), ResourceType.TRANSACTIONAL_ID);
    assert.equal(parseOperation('DescribeConfigs'), Op.DESCRIBE_CONFIGS);
    assert.equal(parseOperation('read'), Op.READ);
    assert.equal(parseOperation('Nope'), undefined);
  });
});
