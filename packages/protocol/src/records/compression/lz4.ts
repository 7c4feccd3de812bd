import { compressFrameSync, decompressFrameSync, uncompressSync } from 'lz4-napi';
import { ProtocolError } from '../../errors/protocol-error.js';
import { xxhash32 } from './xxhash32.js';

/*
 * Kafka (magic 1 and 2) uses the standard LZ4 frame format with independent blocks, which is what
 * lz4-napi writes. Reading is done here rather than with lz4-napi's frame decoder, which is about
 * ten times slower than its block decoder (see bench/records-bench.ts): the frame is parsed in JS
 * and each block goes to the native block decoder. Frames with linked (dependent) blocks, which no
 * Kafka client writes, fall back to the native frame decoder. Block and content checksums are not
 * verified: the batch (or legacy message) CRC already covers the compressed bytes.
 *
 * Magic 0 messages are a special case: Kafka's first LZ4 writer (KAFKA-3160) hashed the frame
 * descriptor *including* the 4 magic bytes, and every magic-0 writer since (Java, librdkafka)
 * reproduces that for compatibility, so for magic 0 either checksum is accepted.
 */

const LZ4_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const FLG_VERSION_MASK = 0xc0;
const FLG_VERSION_01 = 0x40;
const FLG_BLOCK_INDEPENDENT = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_RESERVED = 0x02;
const FLG_DICT_ID = 0x01;
const BD_RESERVED = 0x8f;
const BLOCK_UNCOMPRESSED = 0x80000000;

export function lz4Compress(data: Buffer): Buffer {
  return compressFrameSync(data);
}

function corrupt(message: string): ProtocolError {
  return new ProtocolError('CORRUPT_RECORD', `lz4: ${message}`);
}

/** Position of the descriptor checksum byte of the frame at `at`, or -1 when it is not an LZ4 frame. */
function headerChecksumPos(frame: Uint8Array, at = 0): number {
  if (frame.length - at < 7) return -1;
  const magic =
    ((frame[at] as number) |
      ((frame[at + 1] as number) << 8) |
      ((frame[at + 2] as number) << 16) |
      ((frame[at + 3] as number) << 24)) >>>
    0;
  if (magic !== LZ4_MAGIC) return -1;
  const flg = frame[at + 4] as number;
  const pos = at + 6 + (flg & FLG_CONTENT_SIZE ? 8 : 0) + (flg & FLG_DICT_ID ? 4 : 0);
  return pos < frame.length ? pos : -1;
}

/** The descriptor checksum byte: correct (over FLG..) or as Kafka's magic-0 writers compute it (over magic..). */
export function lz4HeaderChecksum(frame: Uint8Array, kafkaV0 = false, at = 0): number {
  const pos = headerChecksumPos(frame, at);
  if (pos < 0) throw corrupt('not an LZ4 frame');
  return (xxhash32(frame.subarray(kafkaV0 ? at : at + 4, pos)) >>> 8) & 0xff;
}

/** Rewrites the descriptor checksum the way Kafka's magic-0 writers do (used to produce magic-0 data). */
export function lz4WithKafkaV0Checksum(frame: Buffer): Buffer {
  const out = Buffer.from(frame);
  out[headerChecksumPos(out)] = lz4HeaderChecksum(out, true);
  return out;
}

// Input of the native block decoder: [int32 LE capacity][block]. Reused across blocks and calls.
let scratch = Buffer.allocUnsafe(4 + 64 * 1024);

function decodeBlock(block: Buffer, blockMax: number): Buffer {
  if (scratch.length < 4 + block.length) scratch = Buffer.allocUnsafe(4 + blockMax);
  scratch.writeUInt32LE(blockMax, 0);
  block.copy(scratch, 4);
  // The size prefix is a capacity: output longer than blockMax fails inside the decoder.
  return uncompressSync(scratch.subarray(0, 4 + block.length));
}

class FrameReader {
  readonly parts: Buffer[] = [];
  total = 0;
  pos = 0;

  constructor(
    private readonly data: Buffer,
    private readonly maxOutputBytes: number,
    private readonly kafkaV0Checksum: boolean,
  ) {}

  private need(n: number, what: string): void {
    if (this.pos + n > this.data.length) throw corrupt(`input ends inside the ${what} at byte ${this.pos}`);
  }

  /** Reads the frame at `pos`; returns false when its blocks are linked (needs the native frame decoder). */
  frame(): boolean {
    const d = this.data;
    const start = this.pos;
    this.need(8, 'frame header');
    const magic = d.readUInt32LE(start);
    if ((magic & SKIPPABLE_MAGIC_MASK) === SKIPPABLE_MAGIC) {
      const size = d.readUInt32LE(start + 4);
      this.pos += 8;
      this.need(size, 'skippable frame');
      this.pos += size;
      return true;
    }
    if (magic !== LZ4_MAGIC) throw corrupt(`bad frame magic 0x${magic.toString(16)} at byte ${start}`);
    const flg = d[start + 4] as number;
    const bd = d[start + 5] as number;
    if ((flg & FLG_VERSION_MASK) !== FLG_VERSION_01 || flg & FLG_RESERVED || bd & BD_RESERVED) {
      throw corrupt(`unsupported frame descriptor FLG 0x${flg.toString(16)} BD 0x${bd.toString(16)}`);
    }
    const sizeId = (bd >> 4) & 7;
    if (sizeId < 4) throw corrupt(`invalid block size id ${sizeId}`);
    const blockMax = 1 << (2 * sizeId + 8);
    const hcPos = headerChecksumPos(d, start);
    if (hcPos < 0) throw corrupt('frame descriptor truncated');
    const hc = d[hcPos];
    if (
      hc !== lz4HeaderChecksum(d, false, start) &&
      !(this.kafkaV0Checksum && hc === lz4HeaderChecksum(d, true, start))
    ) {
      throw corrupt('frame descriptor checksum mismatch');
    }
    if (!(flg & FLG_BLOCK_INDEPENDENT)) return false;
    this.pos = hcPos + 1;
    const frameStartTotal = this.total;
    const blockTrailer = flg & FLG_BLOCK_CHECKSUM ? 4 : 0;
    for (;;) {
      this.need(4, 'block size');
      const raw = d.readUInt32LE(this.pos);
      this.pos += 4;
      if (raw === 0) break;
      const len = (raw & ~BLOCK_UNCOMPRESSED) >>> 0;
      if (len > blockMax) throw corrupt(`block of ${len} bytes exceeds the ${blockMax}-byte maximum`);
      this.need(len + blockTrailer, 'block');
      const block = d.subarray(this.pos, this.pos + len);
      const out = raw & BLOCK_UNCOMPRESSED ? block : decodeBlock(block, blockMax);
      this.pos += len + blockTrailer;
      this.total += out.length;
      if (this.total > this.maxOutputBytes) throw corrupt(`output exceeds the ${this.maxOutputBytes}-byte limit`);
      this.parts.push(out);
    }
    if (flg & FLG_CONTENT_CHECKSUM) {
      this.need(4, 'content checksum');
      this.pos += 4;
    }
    if (flg & FLG_CONTENT_SIZE) {
      const declared = d.readBigUInt64LE(start + 6);
      if (declared !== BigInt(this.total - frameStartTotal)) {
        throw corrupt(`frame declares ${declared} bytes but holds ${this.total - frameStartTotal}`);
      }
    }
    return true;
  }
}

export function lz4Decompress(data: Buffer, maxOutputBytes: number, kafkaV0Checksum = false): Buffer {
  if (data.length === 0) throw corrupt('empty input');
  const reader = new FrameReader(data, maxOutputBytes, kafkaV0Checksum);
  while (reader.pos < data.length) {
    if (!reader.frame()) return linkedFrameDecompress(data, maxOutputBytes, kafkaV0Checksum);
  }
  const { parts, total } = reader;
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total);
}

/** Native frame decoder, for linked blocks; only the magic-0 checksum quirk needs help. */
function linkedFrameDecompress(data: Buffer, maxOutputBytes: number, kafkaV0Checksum: boolean): Buffer {
  let input = data;
  const pos = headerChecksumPos(data);
  if (kafkaV0Checksum && pos >= 0) {
    const correct = lz4HeaderChecksum(data);
    if (data[pos] !== correct) {
      input = Buffer.from(data);
      input[pos] = correct;
    }
  }
  const out = decompressFrameSync(input);
  // lz4 expands at most ~255x, so this after-the-fact check bounds memory use to that factor.
  if (out.length > maxOutputBytes) throw corrupt(`output exceeds the ${maxOutputBytes}-byte limit`);
  return out;
}
