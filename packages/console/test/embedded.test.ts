/** The console embedded in the broker (console.listeners): served beside it, announced in "broker started", off by default. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestBroker } from '@samsa/broker/testing';

describe('console.listeners', () => {
  it('serves the console of the broker it runs in and names it in the start-up line', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const collect = (fields: unknown, msg?: string) => {
      if (typeof fields === 'object' && fields !== null) lines.push({ ...(fields as object), msg });
    };
    const logger = { debug() {}, info: collect, warn() {}, error() {}, child: () => logger };
    const broker = await startTestBroker({
      config: { 'console.listeners': 'http://127.0.0.1:0' },
      logger: logger as never,
    });
    try {
      const [url] = broker.broker.consoleUrls;
      assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      const started = lines.find((l) => l.msg === 'broker started');
      assert.deepEqual(started?.console, [url]);
      const res = await fetch(`${url}/api/cluster`, { signal: AbortSignal.timeout(20_000) });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { brokers: Array<{ id: number; port: number }> };
      assert.deepEqual(
        body.brokers.map((b) => [b.id, b.port]),
        [[0, broker.port]],
      );
    } finally {
      await broker.stop();
    }
  });

  it('refuses a console.listeners value that is not an http URL, naming the key', async () => {
    await assert.rejects(startTestBroker({ config: { 'console.listeners': 'https://127.0.0.1:0' } }), (err: Error) => {
      assert.match(err.message, /Invalid value https:\/\/127\.0\.0\.1:0 for configuration console\.listeners/);
      return true;
    });
  });

  it('is off by default', async () => {
    const broker = await startTestBroker();
    try {
      assert.deepEqual(broker.broker.consoleUrls, []);
    } finally {
      await broker.stop();
    }
  });
});
