/**
 * readDirectly on a real TLS socket: a client writes many small TLS records (one per write, as
 * librdkafka does) while the reader pauses and resumes the socket at random moments; every byte
 * arrives once and in order, reading stops while paused (the high-water mark holds it back) and
 * resumes, and the end of the stream still ends the socket.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import { createTestCa, type TestCa } from '@samsa/test-kit';
import { readDirectly } from '../src/network/direct-read.js';

const RECORD = 2000;
const RECORDS = 3000;

describe('readDirectly', () => {
  let ca: TestCa;
  let server: Server;
  let accepted: Promise<TLSSocket>;

  before(async () => {
    ca = createTestCa();
    let resolveAccepted: (s: TLSSocket) => void = () => {};
    accepted = new Promise((resolve) => {
      resolveAccepted = resolve;
    });
    server = createServer({ key: readFileSync(ca.server.key), cert: readFileSync(ca.server.cert) }, (socket) => {
      socket.pause();
      resolveAccepted(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(() => {
    server.close();
    ca.remove();
  });

  it('delivers every byte once and in order through pauses, then ends', async () => {
    const port = (server.address() as AddressInfo).port;
    const client = connect({ port, host: '127.0.0.1', ca: readFileSync(ca.caCert), servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      client.once('secureConnect', resolve);
      client.once('error', reject);
    });
    const socket = await accepted;

    const received: Buffer[] = [];
    let bytes = 0;
    let pauses = 0;
    let pausedAt = -1;
    let bytesWhilePaused = 0;
    const onData = (chunk: Buffer) => {
      if (socket.isPaused()) bytesWhilePaused += chunk.length;
      received.push(Buffer.from(chunk));
      bytes += chunk.length;
      // Pause every ~200 KB for a moment, as a connection does when its responses back up.
      if (Math.floor(bytes / 200_000) > pauses) {
        pauses++;
        pausedAt = bytes;
        socket.pause();
        setTimeout(() => socket.resume(), 20);
      }
    };
    socket.on('data', onData);
    readDirectly(socket, onData);
    const ended = new Promise<void>((resolve) => socket.once('end', resolve));
    socket.resume();

    // One write per record, each waiting for the previous to be handed to the kernel, so each is
    // its own small TLS record.
    for (let i = 0; i < RECORDS; i++) {
      const record = Buffer.alloc(RECORD, i % 251);
      record.writeUInt32BE(i, 0);
      if (!client.write(record)) await new Promise((resolve) => client.once('drain', resolve));
    }
    client.end();
    await ended;

    const all = Buffer.concat(received);
    assert.equal(all.length, RECORD * RECORDS);
    for (let i = 0; i < RECORDS; i++) {
      assert.equal(all.readUInt32BE(i * RECORD), i, `record ${i} in place`);
      assert.equal(all[i * RECORD + RECORD - 1], i % 251);
    }
    assert.ok(pauses >= 10, `paused ${pauses} times`);
    assert.ok(pausedAt > 0);
    // 'data' while paused is never emitted by Readable; the direct path must not either.
    assert.equal(bytesWhilePaused, 0);
    socket.destroy();
  });
});
