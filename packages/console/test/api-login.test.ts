/**
 * The console in front of a SASL (SCRAM-SHA-256) listener with Kafka's ACL authorizer: nothing but
 * the session and login routes answers before a login; a wrong password is a 401 naming
 * SASL_AUTHENTICATION_FAILED; a login sets an HttpOnly SameSite=Strict cookie and the console then
 * acts as that principal (alice lists only the topics her ACLs let her describe, and her writes
 * without ACLs are 403s naming Kafka's error); logout and idle expiry end the session; neither the
 * password nor the session id reaches a URL or the log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestBroker } from '@samsa/broker/testing';
import type { Admin } from '@samsa/client';
import { createLogger } from '@samsa/common';
import type { ConsoleServer } from '@samsa/console';
import { Browser, PASSWORDS, startLoginConsole, startSaslBroker } from './support/sasl-cluster.js';

describe('console API: login as a SASL principal', () => {
  let broker: TestBroker;
  let setup: Admin;
  let sasl: string;
  let server: ConsoleServer;
  const logLines: string[] = [];

  before(async () => {
    ({ broker, setup, sasl } = await startSaslBroker());
    await setup.createTopics([
      { name: 'alice-orders', numPartitions: 1, replicationFactor: 1 },
      { name: 'shared', numPartitions: 1, replicationFactor: 1 },
      { name: 'bob-secrets', numPartitions: 1, replicationFactor: 1 },
    ]);
    const allow = (name: string, operation: 'DESCRIBE' | 'READ', patternType: 'LITERAL' | 'PREFIXED') => ({
      pattern: { resourceType: 'TOPIC' as const, name, patternType },
      entry: { principal: 'User:alice', host: '*', operation, permissionType: 'ALLOW' as const },
    });
    await setup.createAcls([
      allow('alice-', 'DESCRIBE', 'PREFIXED'),
      allow('alice-', 'READ', 'PREFIXED'),
      allow('shared', 'DESCRIBE', 'LITERAL'),
    ]);
    server = await startLoginConsole(sasl, {
      logger: createLogger({ level: 'debug', destination: { write: (l: string) => logLines.push(l) } }),
    });
  });
  after(async () => {
    await server.close();
    await setup.close();
    await broker.stop();
  });

  it('answers nothing but the session before a login, and says a login is needed', async () => {
    const b = new Browser(server.url);
    const s = await b.open();
    assert.equal(s.body.loginRequired, true);
    assert.equal(s.body.principal, null);
    const topics = await b.request('GET', '/api/topics');
    assert.equal(topics.status, 401);
    assert.match(topics.body.message, /log in/);
    assert.equal((await b.request('POST', '/api/topics', { name: 'x' })).status, 401);
  });

  it('refuses a wrong password with a clear 401, and a bad body with a 400', async () => {
    const b = new Browser(server.url);
    await b.open();
    const wrong = await b.login('alice', 'not-her-password');
    assert.equal(wrong.status, 401);
    assert.match(wrong.body.message, /^SASL_AUTHENTICATION_FAILED/);
    assert.equal(b.cookie, undefined, 'no session for a failed login');
    assert.equal((await b.request('POST', '/api/login', { username: 'alice' })).status, 400);
    assert.equal((await b.request('POST', '/api/login', ['alice', 'x'])).status, 400);
    // A login without the CSRF header (another site's form) is refused before any authentication.
    const forged = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: PASSWORDS.alice }),
    });
    assert.equal(forged.status, 403);
  });

  it('acts as alice once she logs in: her topics only, her writes refused with a 403 naming the error', async () => {
    const b = new Browser(server.url);
    await b.open();
    const ok = await b.login('alice', PASSWORDS.alice);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.principal, 'User:alice');
    assert.match(b.setCookie ?? '', /^samsa_console_session=[\w-]{40,};/);
    assert.match(b.setCookie ?? '', /HttpOnly/);
    assert.match(b.setCookie ?? '', /SameSite=Strict/);
    assert.equal((await b.request('GET', '/api/session')).body.principal, 'User:alice');

    const topics = await b.request('GET', '/api/topics');
    assert.equal(topics.status, 200, JSON.stringify(topics.body));
    assert.deepEqual(
      topics.body.topics.map((t: { name: string }) => t.name),
      ['alice-orders', 'shared'],
    );
    const bobs = await b.request('GET', '/api/topics/bob-secrets');
    assert.equal(bobs.status, 403, "bob's topic is not hers to see");
    assert.match(bobs.body.message, /^TOPIC_AUTHORIZATION_FAILED/);

    const produce = await b.request('POST', '/api/topics/shared/records', { value: 'hello' });
    assert.equal(produce.status, 403, JSON.stringify(produce.body));
    assert.match(produce.body.message, /AUTHORIZATION_FAILED/);
    const create = await b.request('POST', '/api/topics', { name: 'alice-new' });
    assert.equal(create.status, 403, JSON.stringify(create.body));
    assert.match(create.body.message, /AUTHORIZATION_FAILED/);
    const acl = await b.request('GET', '/api/acls');
    assert.equal(acl.status, 403, 'describing ACLs needs DESCRIBE on the cluster');
    assert.match(acl.body.message, /^CLUSTER_AUTHORIZATION_FAILED/);

    // The admin, logged in beside her, sees every topic: each session is its own principal.
    const admin = new Browser(server.url);
    await admin.open();
    assert.equal((await admin.login('admin', PASSWORDS.admin)).status, 200);
    const all = await admin.request('GET', '/api/topics');
    assert.deepEqual(
      all.body.topics.map((t: { name: string }) => t.name),
      ['alice-orders', 'bob-secrets', 'shared'],
    );

    const oldCookie = b.cookie;
    const out = await b.request('POST', '/api/logout');
    assert.equal(out.status, 204);
    assert.match(b.setCookie ?? '', /Max-Age=0/);
    assert.equal(b.cookie, undefined);
    assert.equal((await b.request('GET', '/api/topics')).status, 401);
    b.cookie = oldCookie;
    assert.equal((await b.request('GET', '/api/topics')).status, 401, 'the old cookie replayed is no session');
    assert.equal((await admin.request('GET', '/api/topics')).status, 200, 'one logout ends that session only');
  });

  it('keeps the password and the session id out of the log', async () => {
    const b = new Browser(server.url);
    await b.open();
    await b.login('alice', PASSWORDS.alice);
    const id = (b.cookie ?? '').split('=')[1] as string;
    assert.ok(id.length > 20);
    await b.request('GET', '/api/nothing-here');
    const log = logLines.join('');
    assert.match(log, /console login/, 'the log has the login');
    for (const secret of Object.values(PASSWORDS)) assert.ok(!log.includes(secret), 'no password in the log');
    assert.ok(!log.includes(id), 'no session id in the log');
  });

  it('ends a session that stays idle longer than the idle timeout', async () => {
    const short = await startLoginConsole(sasl, { idleMs: 300 });
    try {
      const b = new Browser(short.url);
      await b.open();
      assert.equal((await b.login('alice', PASSWORDS.alice)).status, 200);
      assert.equal((await b.request('GET', '/api/topics')).status, 200);
      await sleep(1_000);
      const expired = await b.request('GET', '/api/topics');
      assert.equal(expired.status, 401);
      assert.match(expired.body.message, /expired/);
    } finally {
      await short.close();
    }
  });
});
