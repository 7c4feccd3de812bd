import { ProtocolError } from '../../errors/protocol-error.js';

/** Codec ids as stored in attribute bits 0-2 of record batches and legacy messages. */
export enum CompressionType {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}

export const COMPRESSION_CODEC_MASK = 0x07;

const NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

export function compressionName(type: CompressionType): string {
  return NAMES[type] ?? `unknown(${type})`;
}

/** Checks a codec id read from the wire; ids 5-7 are reserved and mean the batch cannot be read. */
export function toCompressionType(id: number): CompressionType {
  if (id >= CompressionType.None && id <= CompressionType.Zstd && Number.isInteger(id)) return id;
  throw new ProtocolError('UNSUPPORTED_COMPRESSION', `unknown compression codec id ${id}`);
}

export function compressionFromAttributes(attributes: number): CompressionType {
  return toCompressionType(attributes & COMPRESSION_CODEC_MASK);
}
