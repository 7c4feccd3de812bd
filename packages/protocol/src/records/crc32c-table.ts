/**
 * Table-driven (slicing-by-1) CRC-32C in plain JS. Not used on any hot path: it is the reference the
 * tests check the native crc32c against, and the baseline the bench measures it against.
 */
const POLY_REFLECTED = 0x82f63b78;

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32cTable(buf: Uint8Array, initial = 0): number {
  let crc = ~initial >>> 0;
  for (let i = 0; i < buf.length; i++) {
    crc = (TABLE[(crc ^ (buf[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}
