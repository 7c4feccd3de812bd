import { constants, gunzipSync, gzipSync } from 'node:zlib';

// Java's GZIPOutputStream uses the zlib default level; so do we unless told otherwise.
export function gzipCompress(data: Uint8Array, level: number = constants.Z_DEFAULT_COMPRESSION): Buffer {
  return gzipSync(data, { level });
}

/** zlib itself stops at `maxOutputBytes`, so a gzip bomb costs at most that much memory. */
export function gzipDecompress(data: Uint8Array, maxOutputBytes: number): Buffer {
  return gunzipSync(data, { maxOutputLength: maxOutputBytes });
}
