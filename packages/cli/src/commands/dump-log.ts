/**
 * `samsa dump-log` — kafka-dump-log.sh: reads segment files directly (no broker needed) and
 * prints them in Kafka's words: one line per batch of a `.log` file ("baseOffset: 0 lastOffset: 2
 * count: 3 ... crc: N isvalid: true"), a "| offset: ..." line per record with --deep-iteration or
 * --print-data-log (which adds key and payload), and the entries of `.index` and `.timeindex`.
 * Bytes after the last whole batch are reported as Kafka does.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  compressionName,
  type DecodedRecord,
  decodeLegacyEntry,
  iterateRecords,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAGIC_V2,
  RecordBatchView,
  TimestampType,
  validateBatch,
} from '@samsa/protocol';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import { required, tool } from '../cli/options.js';
import type { Output } from '../cli/output.js';
import { runTool } from '../cli/run.js';

interface Opts {
  files?: string;
  printDataLog?: boolean;
  deepIteration?: boolean;
  maxBytes?: number;
  output?: string;
}

function command() {
  return tool('dump-log', 'Print the contents of log segment and index files (kafka-dump-log.sh).')
    .option('--files <files>', 'REQUIRED: comma-separated .log, .index or .timeindex files.')
    .option('--print-data-log', 'Print each record with its key and payload (implies --deep-iteration).')
    .option('--deep-iteration', 'Print each record, not just each batch.')
    .option('--max-bytes <n>', 'Read at most this many bytes of each .log file.', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-bytes must be a positive integer, got '${v}'`);
      return n;
    });
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(
    command(),
    args,
    async ({ opts, out }) => {
      const files = required(opts.files, '--files')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      let failed = false;
      for (const file of files) {
        let buf: Buffer;
        try {
          buf = readFileSync(file);
        } catch (err) {
          throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.usage);
        }
        out.line(`Dumping ${file}`);
        if (file.endsWith('.log'))
          failed = dumpLog(buf.subarray(0, opts.maxBytes ?? buf.length), file, opts, out) || failed;
        else if (file.endsWith('.timeindex')) dumpTimeIndex(buf, file, out);
        else if (file.endsWith('.index')) dumpIndex(buf, file, out);
        else throw new CliError(`${file}: not a .log, .index or .timeindex file`, EXIT.usage);
      }
      return failed ? EXIT.refused : EXIT.ok;
    },
    { watchdogMs: () => null },
  );
}

function baseOffsetOf(file: string): bigint {
  const m = /^(\d+)\./.exec(basename(file));
  return m ? BigInt(m[1] as string) : 0n;
}

function dumpIndex(buf: Buffer, file: string, out: Output): void {
  const base = baseOffsetOf(file);
  for (let pos = 0; pos + 8 <= buf.length; pos += 8) {
    const rel = buf.readInt32BE(pos);
    const position = buf.readInt32BE(pos + 4);
    if (pos > 0 && rel === 0 && position === 0) break; // preallocated zeros
    out.line(`offset: ${base + BigInt(rel)} position: ${position}`);
  }
}

function dumpTimeIndex(buf: Buffer, file: string, out: Output): void {
  const base = baseOffsetOf(file);
  for (let pos = 0; pos + 12 <= buf.length; pos += 12) {
    const ts = buf.readBigInt64BE(pos);
    const rel = buf.readInt32BE(pos + 8);
    if (pos > 0 && ts === 0n && rel === 0) break;
    out.line(`timestamp: ${ts} offset: ${base + BigInt(rel)}`);
  }
}

/** Returns true when the file holds a corrupt batch or trailing garbage. */
function dumpLog(buf: Buffer, file: string, opts: Opts, out: Output): boolean {
  const deep = opts.deepIteration || opts.printDataLog;
  out.line(`Log starting offset: ${baseOffsetOf(file)}`);
  let pos = 0;
  let bad = false;
  while (pos + LOG_OVERHEAD <= buf.length) {
    const length = buf.readInt32BE(pos + 8);
    const end = pos + LOG_OVERHEAD + length;
    if (length < 14 || end > buf.length) break;
    const magic = buf.readInt8(pos + MAGIC_OFFSET);
    if (magic === MAGIC_V2) bad = dumpBatch(buf, pos, !!deep, !!opts.printDataLog, out) || bad;
    else dumpLegacy(buf, pos, magic, !!deep, !!opts.printDataLog, out);
    pos = end;
  }
  if (pos < buf.length) {
    out.line(`Found ${buf.length - pos} invalid bytes at the end of ${basename(file)}`);
    return true;
  }
  return bad;
}

function dumpBatch(buf: Buffer, pos: number, deep: boolean, data: boolean, out: Output): boolean {
  const b = new RecordBatchView(buf, pos);
  let valid = true;
  try {
    validateBatch(buf, pos);
  } catch {
    valid = false;
  }
  const lastSequence = b.baseSequence < 0 ? -1 : b.baseSequence + b.lastOffsetDelta;
  const timeKind = b.timestampType === TimestampType.LogAppendTime ? 'LogAppendTime' : 'CreateTime';
  out.line(
    `baseOffset: ${b.baseOffset} lastOffset: ${b.lastOffset} count: ${b.recordCount} baseSequence: ${b.baseSequence} ` +
      `lastSequence: ${lastSequence} producerId: ${b.producerId} producerEpoch: ${b.producerEpoch} ` +
      `partitionLeaderEpoch: ${b.partitionLeaderEpoch} isTransactional: ${b.isTransactional} isControl: ${b.isControl} ` +
      `deleteHorizonMs: ${b.hasDeleteHorizon ? `OptionalLong[${b.baseTimestamp}]` : 'OptionalLong.empty'} position: ${pos} ` +
      `${timeKind}: ${b.maxTimestamp} size: ${b.size} magic: ${b.magic} compresscodec: ${compressionName(b.compression)} ` +
      `crc: ${b.crc} isvalid: ${valid ? 'true' : out.style('false', 'red')}`,
  );
  if (!deep || !valid) return !valid;
  for (const r of iterateRecords(buf, pos, { verifyCrc: false })) {
    const sequence = b.baseSequence < 0 ? -1 : b.baseSequence + Number(r.offset - b.baseOffset);
    out.line(
      recordLine(r, timeKind, `sequence: ${sequence} headerKeys: [${r.headers.map((h) => h.key).join(',')}]`, data),
    );
  }
  return false;
}

function dumpLegacy(buf: Buffer, pos: number, magic: number, deep: boolean, data: boolean, out: Output): void {
  const entry = decodeLegacyEntry(buf, pos, { verifyCrc: false });
  const size = buf.readInt32BE(pos + 8) + LOG_OVERHEAD;
  out.line(
    `offset: ${entry.baseOffset + BigInt(entry.lastOffsetDelta)} position: ${pos} ` +
      `${magic === 0 ? 'NoTimestampType' : 'CreateTime'}: ${entry.maxTimestamp} isvalid: true size: ${size} magic: ${magic} ` +
      `compresscodec: ${compressionName(entry.compression)} crc: ${entry.crc}`,
  );
  if (deep) for (const r of entry.records) out.line(recordLine(r, 'CreateTime', '', data));
}

function recordLine(r: DecodedRecord, timeKind: string, extra: string, data: boolean): string {
  let line = `| offset: ${r.offset} ${timeKind}: ${r.timestamp} keySize: ${r.key?.length ?? -1} valueSize: ${r.value?.length ?? -1}`;
  if (extra) line += ` ${extra}`;
  if (data) {
    if (r.key) line += ` key: ${r.key.toString('utf8')}`;
    line += ` payload: ${r.value ? r.value.toString('utf8') : ''}`;
  }
  return line;
}
