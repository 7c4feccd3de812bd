/**
 * max.connections.per.ip on a TLS listener applies when the TCP connection arrives, before the
 * handshake (as Kafka's Acceptor): a connection still in its handshake counts, the one over the
 * limit is closed at once without the broker reading a ClientHello or sending a ServerHello, and
 * the slot of a closed half-open connection is free again.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { createTestCa, type TestCa } from '@samsa/test-kit';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

/** 'closed' when the peer closes the socket, 'open' if it still is after `ms`; counts bytes received. */
function closedWithin(socket: Socket, ms: number): Promise<{ state: 'closed' | 'open'; bytes: number }> {
  let bytes = 0;
  socket.on('data', (d: Buffer) => {
    bytes += d.length;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ state: 'open', bytes }), ms);
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ state: 'closed', bytes });
    });
  });
}

const rawConnect = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const s = netConnect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });

describe('max.connections.per.ip on a TLS listener', () => {
  let ca: TestCa;
  let fx: TestBroker;
  let port: number;
  const sockets: Socket[] = [];

  const handshake = () =>
    new Promise<Socket>((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port, ca: ca.read(ca.caCert), servername: 'localhost' }, () =>
        resolve(s),
      );
      sockets.push(s);
      s.once('error', reject);
    });

  before(async () => {
    ca = createTestCa();
    const keystore = join(ca.dir, 'server-keystore.pem');
    writeFileSync(keystore, ca.read(ca.server.key) + ca.read(ca.server.cert));
    fx = await startTestBroker({
      config: {
        listeners: 'SSL://127.0.0.1:0',
        'inter.broker.listener.name': 'SSL',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': keystore,
        'max.connections.per.ip': 2,
      },
    });
    port = fx.broker.listenerPort('SSL');
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await fx?.stop();
    ca?.remove();
  });

  it('counts connections in their handshake and closes the one over the limit before any handshake', async () => {
    const done = await handshake();
    // Connected, silent: it sits in its handshake and holds the second slot.
    const halfOpen = await rawConnect(port);
    sockets.push(halfOpen);
    const over = await rawConnect(port);
    sockets.push(over);
    const overResult = await closedWithin(over, 15_000);
    assert.deepEqual(overResult, { state: 'closed', bytes: 0 }, 'closed at accept, without a word');
    await assert.rejects(handshake(), 'a TLS client over the limit gets no handshake');
    assert.equal(done.destroyed, false, 'the established connection is untouched');

    halfOpen.destroy();
    // The broker sees the close asynchronously: retry, bounded, until the freed slot is taken.
    let reused: Socket | null = null;
    for (let i = 0; i < 100 && !reused; i++) {
      reused = await handshake().catch(() => null);
      if (!reused) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(reused, 'the half-open connection’s slot is free once it closed');
  });
});
