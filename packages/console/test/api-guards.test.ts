/**
 * What protects the console's writes: the CSRF header (and a matching Origin), and read-only mode,
 * which refuses every write whatever headers come with it and tells the page to hide them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { type Harness, request, startHarness } from './support/console-harness.js';

describe('console API: write guards', () => {
  let broker: TestBroker;
  let rw: Harness;
  let ro: Harness;
  before(async () => {
    broker = await startTestBroker();
    rw = await startHarness({ broker });
    ro = await startHarness({ broker, readOnly: true });
  });
  after(async () => {
    await rw.stop();
    await ro.stop();
    await broker.stop();
  });

  it('refuses a write without the CSRF token, with a wrong one, or from another origin', async () => {
    const session = await rw.get('/api/session');
    assert.equal(session.body.readOnly, false);
    assert.equal(session.body.csrfHeader, 'x-samsa-csrf');
    const none = await request(`${rw.url}/api/topics`, 'POST', { name: 'csrf' }, {});
    assert.equal(none.status, 403);
    assert.match(none.body.message, /x-samsa-csrf/);
    const wrong = await rw.send('POST', '/api/topics', { name: 'csrf' }, { 'x-samsa-csrf': 'guess' });
    assert.equal(wrong.status, 403);
    const foreign = await rw.send('POST', '/api/topics', { name: 'csrf' }, { origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    assert.match(foreign.body.message, /Cross-origin/);
    assert.equal((await rw.get('/api/topics/csrf')).status, 404, 'no refused write happened');
    const own = await rw.send('POST', '/api/topics', { name: 'csrf' }, { origin: rw.url });
    assert.equal(own.status, 201);
  });

  it('read-only mode refuses every write and says so to the page', async () => {
    assert.equal((await ro.get('/api/session')).body.readOnly, true);
    for (const [method, path, body] of [
      ['POST', '/api/topics', { name: 'ro' }],
      ['DELETE', '/api/topics/csrf', undefined],
      ['POST', '/api/topics/csrf/partitions', { count: 3 }],
      ['PATCH', '/api/topics/csrf/configs', { set: { 'retention.ms': '1' } }],
      ['POST', '/api/topics/csrf/records', { value: 'x' }],
      ['POST', '/api/groups/g/reset-offsets', { to: 'earliest' }],
      ['DELETE', '/api/groups/g', undefined],
    ] as const) {
      const r = await ro.send(method, path, body);
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.match(r.body.message, /read-only/);
    }
    assert.equal((await ro.get('/api/topics/csrf')).status, 200, 'reads still work');
    assert.equal((await ro.get('/api/topics/csrf')).body.partitions.length, 1, 'the refused write did not happen');
    assert.equal((await ro.get('/api/topics/ro')).status, 404);
  });

  it('serves the built pages with a CSP that refuses framing, and index.html for page paths', async () => {
    const index = await fetch(`${rw.url}/topics/some-topic/messages`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(index.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(index.headers.get('x-frame-options'), 'DENY');
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const js = await fetch(`${rw.url}${script}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    const traversal = await fetch(`${rw.url}/assets/..%2f..%2fpackage.json`);
    assert.match(
      traversal.headers.get('content-type') ?? '',
      /^text\/html/,
      'unknown paths get the page, never a file',
    );
  });

  it('serves a JSON 404 for unknown API paths', async () => {
    const r = await rw.get('/api/nothing-here');
    assert.equal(r.status, 404);
    assert.equal(r.body.error_code, 404);
  });
});
