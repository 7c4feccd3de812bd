/**
 * max.connections.per.ip and max.connections.per.ip.overrides through raw sockets: an address gets
 * its N connections, the N+1th is closed at accept with nothing sent (its request goes unanswered)
 * while the others keep serving, a slot freed by a closing connection is usable again, and an
 * override set with IncrementalAlterConfigs takes effect for new connections without a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKey, apis } from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

const BROKER = 4;

describe('max.connections.per.ip', () => {
  let fx: TestBroker;
  let admin: RawClient;
  const open: RawClient[] = [];

  const connect = async () => {
    const c = await RawClient.open(fx.broker.port);
    open.push(c);
    return c;
  };
  const apiVersions = (c: RawClient) =>
    c.request(apis[ApiKey.ApiVersions], 3, apis[ApiKey.ApiVersions].defaultRequest(), 5000);
  /** Whether a connection is served: an ApiVersions request is answered, or the broker closed it unanswered. */
  const served = async (c: RawClient) => {
    try {
      await apiVersions(c);
      return true;
    } catch (err) {
      assert.match((err as Error).message, /: closed$/, 'refused by closing, not by a timeout or a response');
      return false;
    }
  };

  before(async () => {
    // The admin connection below is one of 127.0.0.1's three.
    fx = await startTestBroker({ config: { 'max.connections.per.ip': 3 } });
    admin = await connect();
    assert.equal(await served(admin), true);
  });
  after(async () => {
    for (const c of open) c.close();
    await fx.stop();
  });

  it('closes the connection over the limit, unanswered, and reuses a freed slot', async () => {
    const a = await connect();
    const b = await connect();
    assert.deepEqual([await served(a), await served(b)], [true, true]);
    assert.equal(await served(await connect()), false, 'the fourth connection from 127.0.0.1 is closed');
    assert.equal(await served(a), true, 'established connections keep serving');

    a.close();
    // The broker sees the close asynchronously: retry, bounded, until the freed slot is taken.
    let reused = false;
    for (let i = 0; i < 50 && !reused; i++) {
      reused = await served(await connect());
      if (!reused) await sleep(20);
    }
    assert.ok(reused, 'a connection takes the slot a closed one freed');
    assert.equal(await served(await connect()), false, 'and the limit holds again');
  });

  it('applies max.connections.per.ip.overrides set with IncrementalAlterConfigs to new connections', async () => {
    const altered = await admin.request(apis[ApiKey.IncrementalAlterConfigs], 1, {
      resources: [
        {
          resourceType: BROKER,
          resourceName: '',
          configs: [{ name: 'max.connections.per.ip.overrides', configOperation: 0, value: '127.0.0.1:5' }],
        },
      ],
      validateOnly: false,
    });
    assert.equal(altered.responses[0]?.errorCode, 0, altered.responses[0]?.errorMessage ?? '');
    // admin + b + the reused one hold three slots: two more are allowed now, then none.
    assert.deepEqual([await served(await connect()), await served(await connect())], [true, true]);
    assert.equal(await served(await connect()), false, 'the sixth connection is closed');
  });
});
