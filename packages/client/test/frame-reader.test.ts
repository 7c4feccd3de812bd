/**
 * FrameReader without sockets: bytes fed as 'data' chunks or as reads into the buffers it picks
 * (what net.connect's onread does) come out as the same frames, and a large frame is read straight
 * into its own buffer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameReader } from '../src/network/frame-reader.js';

function frame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

function payloadOf(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** Feeds `bytes` the way a socket with onread would: each read fills at most `readSize` of the target. */
function feedDirect(reader: FrameReader, bytes: Buffer, readSize: number): Uint8Array[] {
  const targets: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const target = reader.readTarget();
    targets.push(target);
    const n = Math.min(readSize, target.length, bytes.length - at);
    bytes.copy(target, 0, at, at + n);
    at += n;
    assert.equal(reader.onRead(n, target), true);
  }
  return targets;
}

describe('frame reader', () => {
  const payloads = [payloadOf(10, 1), payloadOf(200_000, 2), payloadOf(4, 3), payloadOf(70_000, 4), payloadOf(5, 5)];
  const stream = Buffer.concat(payloads.map(frame));

  it('cuts chunks of any size into the same frames', () => {
    for (const chunkSize of [7, 1000, 65_536, stream.length]) {
      const got: Buffer[] = [];
      const reader = new FrameReader(
        (p) => got.push(Buffer.from(p)) > 0,
        () => assert.fail('invalid'),
        false,
      );
      for (let at = 0; at < stream.length; at += chunkSize) reader.push(stream.subarray(at, at + chunkSize));
      assert.deepEqual(got, payloads, `chunks of ${chunkSize}`);
    }
  });

  it('reads a large frame straight into its own buffer, and copies small ones out of the scratch buffer', () => {
    for (const readSize of [7, 4096, 65_536, 1 << 20]) {
      const got: Buffer[] = [];
      const reader = new FrameReader(
        (p) => got.push(p) > 0,
        () => assert.fail('invalid'),
        true,
      );
      const targets = feedDirect(reader, stream, readSize);
      assert.deepEqual(got, payloads, `reads of ${readSize}`);
      const scratch = targets[0] as Uint8Array;
      // Small frames do not alias the scratch buffer (it is read into again).
      for (const p of got) if (p.length <= 65_536) assert.notEqual(p.buffer, scratch.buffer);
      // The 200,000-byte frame: the reads after its first chunk went into the frame itself.
      const big = got[1] as Buffer;
      assert.ok(
        targets.some((t) => t.buffer === big.buffer),
        `reads of ${readSize}: no read went into the frame`,
      );
    }
  });

  it('reports a frame size below 4 and stops', () => {
    const sizes: number[] = [];
    const reader = new FrameReader(
      () => assert.fail('no frame expected'),
      (s) => sizes.push(s),
      true,
    );
    feedDirect(reader, Buffer.from([0, 0, 0, 2, 9, 9]), 100);
    assert.deepEqual(sizes, [2]);
  });

  it('does not allocate a huge frame from its header alone', () => {
    const reader = new FrameReader(
      () => assert.fail('no frame expected'),
      () => assert.fail('invalid'),
      true,
    );
    const header = Buffer.alloc(8);
    header.writeInt32BE(0x7fff_0000);
    feedDirect(reader, header, 100);
    assert.equal(reader.readTarget().length, 65_536);
  });

  it('forgets a half-read frame on reset', () => {
    const got: Buffer[] = [];
    const reader = new FrameReader(
      (p) => got.push(p) > 0,
      () => assert.fail('invalid'),
      true,
    );
    feedDirect(reader, frame(payloadOf(100_000, 7)).subarray(0, 70_000), 65_536);
    reader.reset();
    feedDirect(reader, frame(payloadOf(5, 8)), 65_536);
    assert.deepEqual(got, [payloadOf(5, 8)]);
  });
});
