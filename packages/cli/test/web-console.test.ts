/** `samsa console`: serves the console for a cluster it reaches as a client, read-write or read-only, until Ctrl-C. */
import assert from 'node:assert/strict';
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
