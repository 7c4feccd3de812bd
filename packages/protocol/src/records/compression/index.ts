import { ProtocolError } from '../../errors/protocol-error.js';
import { CompressionType, compressionName, toCompressionType } from './compression-type.js';
import { gzipCompress, gzipDecompress } from './gzip.js';
import { lz4Compress, lz4Decompress } from './lz4.js';
import { type SnappyFraming, snappyCompress, snappyDecompress } from './snappy.js';
import { zstdCompress, zstdDecompress } from './zstd.js';

export {
  COMPRESSION_CODEC_MASK,
  CompressionType,
  compressionFromAttributes,
  compressionName,
  toCompressionType,
} from './compression-type.js';
export { lz4HeaderChecksum, lz4WithKafkaV0Checksum } from './lz4.js';
export { isXerialFramed, type SnappyFraming, XERIAL_BLOCK_SIZE, XERIAL_MAGIC } from './snappy.js';
export { xxhash32 } from './xxhash32.js';

/**
 * Upper bound on the decompressed size of one batch unless the caller sets its own: a few bytes of
 * zstd or gzip can otherwise expand to gigabytes. Far above anything a sane producer sends (Kafka's
 * default max.message.bytes is 1 MiB of compressed data).
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export interface CompressOptions {
  /** gzip 1-9 or zstd level; ignored by snappy and lz4. */
  level?: number;
  /** Snappy only: 'xerial' (default, what the Java client writes) or 'raw'. */
  snappyFraming?: SnappyFraming;
}

export interface DecompressOptions {
  maxOutputBytes?: number;
  /** LZ4 inside a magic-0 message: accept Kafka's historical descriptor checksum (see lz4.ts). */
  kafkaV0Lz4?: boolean;
}

export function compress(type: CompressionType, data: Buffer, options: CompressOptions = {}): Buffer {
  switch (toCompressionType(type)) {
    case CompressionType.None:
      return data;
    case CompressionType.Gzip:
      return gzipCompress(data, options.level);
    case CompressionType.Snappy:
      return snappyCompress(data, options.snappyFraming);
    case CompressionType.Lz4:
      return lz4Compress(data);
    case CompressionType.Zstd:
      return zstdCompress(data, options.level);
  }
}

/**
 * Decompresses a batch's records section. Any failure of the underlying library (corrupt or
 * truncated input, output over the limit) becomes ProtocolError('CORRUPT_RECORD'); an unknown
 * codec id becomes ProtocolError('UNSUPPORTED_COMPRESSION').
 */
export function decompress(type: CompressionType | number, data: Buffer, options: DecompressOptions = {}): Buffer {
  const codec = toCompressionType(type);
  const max = options.maxOutputBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  try {
    switch (codec) {
      case CompressionType.None:
        return data;
      case CompressionType.Gzip:
        return gzipDecompress(data, max);
      case CompressionType.Snappy:
        return snappyDecompress(data, max);
      case CompressionType.Lz4:
        return lz4Decompress(data, max, options.kafkaV0Lz4);
      case CompressionType.Zstd:
        return zstdDecompress(data, max);
    }
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new ProtocolError('CORRUPT_RECORD', `${compressionName(codec)} decompression failed: ${reason}`);
  }
}
