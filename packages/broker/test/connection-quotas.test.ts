/**
 * max.connections.per.ip and max.connections.per.ip.overrides through raw sockets: an address gets
 * its N connections, the N+1th is closed at accept with nothing sent (its request goes unanswered)
 * while the others keep serving, a slot freed by a closing connection is usable again, and an
 * override set with IncrementalAlterConfigs takes effect for new connections without a restart.
 * max.connection.creation.rate: connections over the rate are served late, not refused; an ip
 * entity's connection_creation_rate quota: connections over it are closed unanswered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKey, apis, encodeRequestFrame, Writer } from '@samsa/protocol';
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

describe('max.connection.creation.rate', () => {
  let fx: TestBroker;
  const open: RawClient[] = [];

  before(async () => {
    // Two 1 s windows: six connections at once measure 6/s against a quota of 2/s.
    fx = await startTestBroker({
      config: { 'max.connection.creation.rate': 2, 'quota.window.num': 2, 'quota.window.size.seconds': 1 },
    });
  });
  after(async () => {
    for (const c of open) c.close();
    await fx.stop();
  });

  it('holds connections over the rate unread for their throttle time, then serves them', async () => {
    for (let i = 0; i < 6; i++) open.push(await RawClient.open(fx.broker.port));
    const def = apis[ApiKey.ApiVersions];
    for (const c of open) {
      const w = new Writer();
      encodeRequestFrame(w, def, 3, 1, 'rate-test', def.defaultRequest());
      c.send(w.toBuffer());
    }
    const last = open[5] as RawClient;
    // The sixth is throttled (6 - 2) / 2 × 1 s = 2 s: unanswered for a while, then answered.
    assert.equal(await last.next(500), 'timeout', 'the sixth connection is not served at once');
    const answers = await Promise.all(open.map((c) => c.next(10_000)));
    assert.ok(
      answers.every((a) => Buffer.isBuffer(a)),
      `every connection is served in the end: ${answers.map((a) => (Buffer.isBuffer(a) ? 'answer' : a))}`,
    );
  });
});

describe('connection_creation_rate quota of an ip', () => {
  let fx: TestBroker;
  let admin: RawClient;
  const open: RawClient[] = [];
  const setRate = (value: number, remove = false) =>
    admin.request(apis[ApiKey.AlterClientQuotas], 1, {
      entries: [
        {
          entity: [{ entityType: 'ip', entityName: '127.0.0.1' }],
          ops: [{ key: 'connection_creation_rate', value, remove }],
        },
      ],
      validateOnly: false,
    });
  /** Sends ApiVersions on a new connection; its answer, or 'closed' / 'timeout'. */
  const tryConnection = async () => {
    const c = await RawClient.open(fx.broker.port);
    open.push(c);
    const def = apis[ApiKey.ApiVersions];
    const w = new Writer();
    encodeRequestFrame(w, def, 3, 1, 'ip-rate-test', def.defaultRequest());
    c.send(w.toBuffer());
    const reply = await c.next(10_000);
    return Buffer.isBuffer(reply) ? 'answered' : reply;
  };

  before(async () => {
    fx = await startTestBroker({ config: { 'quota.window.num': 2, 'quota.window.size.seconds': 1 } });
    admin = await RawClient.open(fx.broker.port);
    open.push(admin);
  });
  after(async () => {
    for (const c of open) c.close();
    await fx.stop();
  });

  it('closes connections over the rate unanswered, and none once the quota is removed', async () => {
    assert.equal((await setRate(1)).entries[0]?.errorCode, 0);
    const [first, second] = [await tryConnection(), await tryConnection()];
    assert.deepEqual([first, second], ['answered', 'closed'], 'the second connection within a second is closed');
    assert.equal((await setRate(0, true)).entries[0]?.errorCode, 0);
    assert.deepEqual([await tryConnection(), await tryConnection()], ['answered', 'answered']);
  });
});
