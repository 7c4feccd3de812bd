import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/**
 * CRC-32C (Castagnoli), the checksum of record batch v2. The native implementation uses SSE4.2 /
 * ARMv8 CRC instructions; bench/records-bench.ts compares it with a table-driven JS version.
 *
 * `buf` may be any view (a Buffer subarray into a larger record set is checksummed over exactly its
 * own bytes). `initial` is the CRC of the preceding bytes, so crc32c(b, crc32c(a)) === crc32c(a ++ b).
 * The result is unsigned (0 .. 2^32-1), as stored on the wire with writeUInt32BE.
 */
export function crc32c(buf: Uint8Array, initial = 0): number {
  return nativeCrc32c(buf, initial) >>> 0;
}
