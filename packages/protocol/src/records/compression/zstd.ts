import { compress } from 'zstd-napi';
import type { DCtx } from 'zstd-napi/binding.js';
import binding from 'zstd-napi/binding.js';
import { ProtocolError } from '../../errors/protocol-error.js';

/*
 * zstd-napi's one-shot decompress() returns partial output for a truncated frame whose content size
 * is not in the header (which is what zstd-jni's streaming writer, used by the Java client, produces)
 * and trusts a declared content size for its allocation. So decompression drives the streaming API
 * itself: it fails on truncation and never holds more than the output limit.
 */

// Kafka's default zstd level (compression.zstd.level) is 3, zstd's own default.
export function zstdCompress(data: Uint8Array, level = 3): Buffer {
  return compress(data, { compressionLevel: level });
}

let dctx: DCtx | undefined;
const STREAM_OUT_SIZE = binding.dStreamOutSize();

export function zstdDecompress(data: Buffer, maxOutputBytes: number): Buffer {
  dctx ??= new binding.DCtx();
  dctx.reset(binding.ResetDirective.sessionOnly);
  if (data.length === 0) throw new ProtocolError('CORRUPT_RECORD', 'empty zstd input');
  const declared = binding.getFrameContentSize(data);
  const chunks: Buffer[] = [];
  let total = 0;
  let input = data;
  let chunkSize = declared !== null && declared <= maxOutputBytes ? Math.max(declared, 64) : STREAM_OUT_SIZE;
  for (;;) {
    const room = Math.min(chunkSize, maxOutputBytes - total + 1);
    const out = Buffer.allocUnsafe(room);
    const [remaining, produced, consumed] = dctx.decompressStream(out, input);
    input = input.subarray(consumed);
    if (produced > 0) {
      total += produced;
      if (total > maxOutputBytes) {
        throw new ProtocolError('CORRUPT_RECORD', `zstd output exceeds the ${maxOutputBytes}-byte limit`);
      }
      chunks.push(out.subarray(0, produced));
    }
    if (input.length === 0) {
      if (remaining === 0) break; // every frame complete and flushed
      if (produced < room) throw new ProtocolError('CORRUPT_RECORD', 'zstd input ends inside a frame');
    } else if (produced === 0 && consumed === 0) {
      throw new ProtocolError('CORRUPT_RECORD', 'zstd decoder made no progress');
    }
    chunkSize = STREAM_OUT_SIZE;
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}
