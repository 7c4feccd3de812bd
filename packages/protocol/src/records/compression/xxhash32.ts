/**
 * XXH32, needed only for the one-byte header checksum of an LZ4 frame descriptor (which Kafka's
 * magic-0 writers computed over the wrong bytes, see lz4.ts). Straightforward port of the reference
 * algorithm; inputs here are a few bytes, so no attention is paid to speed.
 */
const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function round(acc: number, input: number): number {
  acc = (acc + Math.imul(input, P2)) | 0;
  return Math.imul(rotl(acc, 13), P1);
}

export function xxhash32(buf: Uint8Array, seed = 0): number {
  const len = buf.length;
  const dv = new DataView(buf.buffer, buf.byteOffset, len);
  let i = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    for (; i + 16 <= len; i += 16) {
      v1 = round(v1, dv.getUint32(i, true));
      v2 = round(v2, dv.getUint32(i + 4, true));
      v3 = round(v3, dv.getUint32(i + 8, true));
      v4 = round(v4, dv.getUint32(i + 12, true));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + len) | 0;
  for (; i + 4 <= len; i += 4) {
    h = (h + Math.imul(dv.getUint32(i, true), P3)) | 0;
    h = Math.imul(rotl(h, 17), P4);
  }
  for (; i < len; i++) {
    h = (h + Math.imul(buf[i] as number, P5)) | 0;
    h = Math.imul(rotl(h, 11), P1);
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}
