/** `samsa console`: serves the console for a cluster it reaches as a client, read-write or read-only, until Ctrl-C. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { samsa } from './support/cli.js';

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('samsa console', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(() => broker.stop());

  for (const readOnly of [false, true]) {
    it(`serves the console${readOnly ? ' read-only' : ''} and stops on SIGINT`, async () => {
      const seen: Array<{ session: Record<string, unknown>; cluster: number; write: number }> = [];
      const r = await samsa(
        [
          'console',
          '--bootstrap-server',
          broker.bootstrap,
          '--listeners',
          'http://127.0.0.1:0',
          ...(readOnly ? ['--read-only'] : []),
        ],
        {
          timeoutMs: 60_000,
          interrupt: {
            signal: 'SIGINT',
            ready: async (stdout) => {
              const url = /Samsa console at (http:\/\/\S+)\//.exec(stdout)?.[1];
              if (!url || seen.length > 0) return seen.length > 0;
              const session = await json(`${url}/api/session`);
              const cluster = await json(`${url}/api/cluster`);
              const write = await json(`${url}/api/topics`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-samsa-csrf': String(session.body.csrfToken) },
                body: JSON.stringify({ name: readOnly ? 'from-ro' : 'from-rw' }),
              });
              seen.push({ session: session.body, cluster: cluster.status, write: write.status });
              return true;
            },
          },
        },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`for ${broker.bootstrap}${readOnly ? ' \\(read-only\\)' : ''}\\.`));
      assert.equal(seen.length, 1, r.stdout + r.stderr);
      assert.equal(seen[0]?.session.readOnly, readOnly);
      assert.equal(seen[0]?.cluster, 200);
      assert.equal(seen[0]?.write, readOnly ? 403 : 201);
    });
  }

  it('refuses a listener that is not an http URL, with a message', async () => {
    const r = await samsa(['console', '--bootstrap-server', broker.bootstrap, '--listeners', 'ftp://x:1']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /only http:\/\/ is supported/);
  });
});

describe('samsa console --login', () => {
  let broker: TestBroker;
  let dir: string;
  before(async () => {
    broker = await startTestBroker({
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
        'sasl.enabled.mechanisms': 'SCRAM-SHA-256',
        'samsa.scram.bootstrap.credentials': 'SCRAM-SHA-256=[name=alice,password=alice-secret]',
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'samsa-console-login-'));
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for credentials on the page and acts as the user who logs in', async () => {
    const props = join(dir, 'client.properties');
    // A SASL protocol with no sasl.jaas.config: the credentials come from the login page.
    writeFileSync(props, 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\n');
    const sasl = `127.0.0.1:${broker.broker.listenerPort('SASL_PLAINTEXT')}`;
    const seen: Array<{ required: unknown; before: number; login: number; cluster: number }> = [];
    const r = await samsa(
      [
        'console',
        '--bootstrap-server',
        sasl,
        '--listeners',
        'http://127.0.0.1:0',
        '--command-config',
        props,
        '--login',
        'SCRAM-SHA-256',
      ],
      {
        timeoutMs: 60_000,
        interrupt: {
          signal: 'SIGINT',
          ready: async (stdout) => {
            const url = /Samsa console at (http:\/\/\S+)\//.exec(stdout)?.[1];
            if (!url || seen.length > 0) return seen.length > 0;
            const session = await json(`${url}/api/session`);
            const before = await json(`${url}/api/cluster`);
            const login = await fetch(`${url}/api/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-samsa-csrf': String(session.body.csrfToken) },
              body: JSON.stringify({ username: 'alice', password: 'alice-secret' }),
              signal: AbortSignal.timeout(20_000),
            });
            const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
            const cluster = await json(`${url}/api/cluster`, { headers: { cookie } });
            seen.push({
              required: session.body.loginRequired,
              before: before.status,
              login: login.status,
              cluster: cluster.status,
            });
            return true;
          },
        },
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /users log in with SCRAM-SHA-256/);
    assert.deepEqual(seen, [{ required: true, before: 401, login: 200, cluster: 200 }]);
  });

  it('refuses an unknown --login mechanism', async () => {
    const r = await samsa(['console', '--bootstrap-server', broker.bootstrap, '--login', 'GSSAPI']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /--login: GSSAPI is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512/);
  });
});
