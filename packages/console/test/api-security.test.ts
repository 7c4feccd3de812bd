/**
 * The security pages' API against a broker with SCRAM and Kafka's ACL authorizer, logged in as the
 * super user: ACLs created, listed (by filter) and deleted with Kafka's names, the new ACL then
 * letting alice read; SCRAM users added, changed and deleted (the password is never answered, and
 * the new one is the one that authenticates); client quotas set and removed for user and
 * client-id entities; reassignments listed; every bad body a 400 naming the field, and every write
 * refused by a read-only console.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestBroker } from '@samsa/broker/testing';
import type { Admin } from '@samsa/client';
import type { ConsoleServer } from '@samsa/console';
import { Browser, PASSWORDS, startLoginConsole, startSaslBroker } from './support/sasl-cluster.js';

const ALICE_READS = {
  resourceType: 'TOPIC',
  name: 'reports',
  patternType: 'LITERAL',
  principal: 'User:alice',
  host: '*',
  operation: 'DESCRIBE',
  permissionType: 'ALLOW',
};

describe('console API: ACLs, SCRAM users, quotas, reassignments', () => {
  let broker: TestBroker;
  let setup: Admin;
  let sasl: string;
  let rw: ConsoleServer;
  let ro: ConsoleServer;
  let admin: Browser;
  let readOnly: Browser;

  before(async () => {
    ({ broker, setup, sasl } = await startSaslBroker());
    await setup.createTopics([{ name: 'reports', numPartitions: 1, replicationFactor: 1 }]);
    rw = await startLoginConsole(sasl);
    ro = await startLoginConsole(sasl, { readOnly: true });
    admin = new Browser(rw.url);
    await admin.open();
    assert.equal((await admin.login('admin', PASSWORDS.admin)).status, 200);
    readOnly = new Browser(ro.url);
    await readOnly.open();
    assert.equal((await readOnly.login('admin', PASSWORDS.admin)).status, 200, 'logging in is no write');
  });
  after(async () => {
    await rw.close();
    await ro.close();
    await setup.close();
    await broker.stop();
  });

  const aliceTopics = async () => {
    const b = new Browser(rw.url);
    await b.open();
    assert.equal((await b.login('alice', PASSWORDS.alice)).status, 200);
    const names = (await b.request('GET', '/api/topics')).body.topics.map((t: { name: string }) => t.name);
    await b.request('POST', '/api/logout');
    return names;
  };

  it('creates, lists and deletes an ACL, which takes effect for alice', async () => {
    assert.deepEqual(await aliceTopics(), []);
    const created = await admin.request('POST', '/api/acls', ALICE_READS);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const listed = await admin.request('GET', '/api/acls?principal=User:alice');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.acls, [
      {
        pattern: { resourceType: 'TOPIC', name: 'reports', patternType: 'LITERAL' },
        entry: { principal: 'User:alice', host: '*', operation: 'DESCRIBE', permissionType: 'ALLOW' },
      },
    ]);
    assert.ok(listed.body.choices.operations.includes('IDEMPOTENT_WRITE'));
    assert.ok(listed.body.choices.resourceTypes.includes('TRANSACTIONAL_ID'));
    assert.deepEqual(await aliceTopics(), ['reports']);
    const matching = await admin.request('GET', '/api/acls?resourceType=TOPIC&name=reports&patternType=MATCH');
    assert.equal(matching.body.acls.length, 1);
    assert.equal((await admin.request('GET', '/api/acls?resourceType=GROUP')).body.acls.length, 0);

    const deleted = await admin.request('POST', '/api/acls/delete', ALICE_READS);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.deleted.length, 1);
    assert.deepEqual((await admin.request('GET', '/api/acls?principal=User:alice')).body.acls, []);
    assert.deepEqual(await aliceTopics(), []);
  });

  it('answers bad ACL bodies and filters with a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ ...ALICE_READS, operation: 'EAT' }, /operation must be one of/],
      [{ ...ALICE_READS, resourceType: 'ANY' }, /resourceType must be one of/],
      [{ ...ALICE_READS, patternType: 'MATCH' }, /patternType must be one of/],
      [{ ...ALICE_READS, principal: 'alice' }, /principal must look like User:alice/],
      [{ ...ALICE_READS, name: '' }, /name is required/],
      ['not an object', /expected a JSON object/],
    ] as const) {
      const r = await admin.request('POST', '/api/acls', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.body.message, field);
    }
    assert.equal((await admin.request('GET', '/api/acls?patternType=SOME')).status, 400);
  });

  it('adds, changes and deletes a SCRAM user without ever answering the password', async () => {
    const put = await admin.request('PUT', '/api/scram-users/carol', {
      mechanism: 'SCRAM-SHA-256',
      password: 'carol-first',
      iterations: 8192,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body, { name: 'carol', mechanism: 'SCRAM-SHA-256', iterations: 8192 });
    const users = await admin.request('GET', '/api/scram-users');
    const carol = users.body.users.find((u: { name: string }) => u.name === 'carol');
    assert.deepEqual(carol.credentialInfos, [{ mechanism: 'SCRAM-SHA-256', iterations: 8192 }]);
    assert.ok(!JSON.stringify(users.body).includes('carol-first'));

    const carolLogin = async (password: string) => {
      const b = new Browser(rw.url);
      await b.open();
      return (await b.login('carol', password)).status;
    };
    assert.equal(await carolLogin('carol-first'), 200);
    assert.equal((await admin.request('PUT', '/api/scram-users/carol', { password: 'carol-second' })).status, 200);
    assert.equal(await carolLogin('carol-first'), 401, 'the old password no longer works');
    assert.equal(await carolLogin('carol-second'), 200);

    for (const body of [{}, { password: 'x', mechanism: 'MD5' }, { password: 'x', iterations: 10 }]) {
      assert.equal((await admin.request('PUT', '/api/scram-users/carol', body)).status, 400, JSON.stringify(body));
    }
    const del = await admin.request('DELETE', '/api/scram-users/carol?mechanism=SCRAM-SHA-256');
    assert.equal(del.status, 204);
    const after = await admin.request('GET', '/api/scram-users');
    assert.ok(!after.body.users.some((u: { name: string }) => u.name === 'carol'));
    assert.equal(await carolLogin('carol-second'), 401);
  });

  it('sets and removes client quotas for user and client-id entities with Kafka quota keys', async () => {
    const set = await admin.request('PUT', '/api/quotas', {
      entity: { user: 'alice', 'client-id': null },
      quotas: { producer_byte_rate: 1048576, consumer_byte_rate: 2097152 },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(
      (
        await admin.request('PUT', '/api/quotas', {
          entity: { 'client-id': 'etl' },
          quotas: { request_percentage: 50 },
        })
      ).status,
      200,
    );
    const listed = await admin.request('GET', '/api/quotas');
    assert.ok(listed.body.keys.includes('controller_mutation_rate'));
    const alice = listed.body.quotas.find(
      (q: { entity: Record<string, unknown> }) => q.entity.user === 'alice' && q.entity['client-id'] === null,
    );
    assert.deepEqual(alice.quotas, { producer_byte_rate: 1048576, consumer_byte_rate: 2097152 });
    const etl = listed.body.quotas.find((q: { entity: Record<string, unknown> }) => q.entity['client-id'] === 'etl');
    assert.deepEqual(etl.quotas, { request_percentage: 50 });

    await admin.request('PUT', '/api/quotas', { entity: { 'client-id': 'etl' }, quotas: { request_percentage: null } });
    const gone = await admin.request('GET', '/api/quotas');
    assert.ok(!gone.body.quotas.some((q: { entity: Record<string, unknown> }) => q.entity['client-id'] === 'etl'));

    for (const body of [
      { entity: { ip: '1.2.3.4' }, quotas: { producer_byte_rate: 1 } },
      { entity: {}, quotas: { producer_byte_rate: 1 } },
      { entity: { user: 'a' }, quotas: { bytes: 1 } },
      { entity: { user: 'a' }, quotas: { producer_byte_rate: -5 } },
      { entity: { user: 'a' }, quotas: {} },
    ]) {
      const r = await admin.request('PUT', '/api/quotas', body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
  });

  it('lists reassignments in progress (none on one idle broker)', async () => {
    const r = await admin.request('GET', '/api/reassignments');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.reassignments, []);
  });

  it('a read-only console lists but refuses every security write', async () => {
    assert.equal((await readOnly.request('GET', '/api/acls')).status, 200);
    assert.equal((await readOnly.request('GET', '/api/scram-users')).status, 200);
    assert.equal((await readOnly.request('GET', '/api/quotas')).status, 200);
    for (const [method, path, body] of [
      ['POST', '/api/acls', ALICE_READS],
      ['POST', '/api/acls/delete', ALICE_READS],
      ['PUT', '/api/scram-users/dave', { password: 'dave-pw' }],
      ['DELETE', '/api/scram-users/alice', undefined],
      ['PUT', '/api/quotas', { entity: { user: 'alice' }, quotas: { producer_byte_rate: 1 } }],
    ] as const) {
      const r = await readOnly.request(method, path, body);
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.match(r.body.message, /read-only/);
    }
    const users = await readOnly.request('GET', '/api/scram-users');
    assert.ok(!users.body.users.some((u: { name: string }) => u.name === 'dave'));
    assert.ok(users.body.users.some((u: { name: string }) => u.name === 'alice'));
  });
});
