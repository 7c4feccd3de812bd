/**
 * Throughput of the record-batch layer. Each measurement runs a time-boxed loop (~0.5 s after a
 * short warm-up) and reports MB/s of input processed (1 MB = 10^6 bytes). No assertions: this is
 * for comparing runs and justifying choices (e.g. native vs JS CRC-32C), not for CI gating.
 *
 *   npx tsc -b packages/protocol && node packages/protocol/dist/bench/records-bench.js
 */
import { pathToFileURL } from 'node:url';
import {
  CompressionType,
  compress,
  crc32c,
  crc32cTable,
  decodeRecordBatches,
  decompress,
  encodeRecordBatch,
  type RecordInput,
  validateRecordSet,
} from '../src/records/index.js';

export interface BenchResult {
  name: string;
  mbPerSec: number;
}

const MiB = 1024 * 1024;
const DURATION_MS = 500;

/** Semi-compressible JSON-like text (event payloads), deterministic. */
function jsonLike(size: number, seed: number): Buffer {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  let out = '';
  while (out.length < size) {
    out += `{"id":${(rnd() * 1e9) | 0},"user":"${words[(rnd() * 8) | 0]}-${(rnd() * 1e4) | 0}","event":"${
      words[(rnd() * 8) | 0]
    }","ts":${1700000000000 + ((rnd() * 1e7) | 0)},"score":${rnd().toFixed(6)}}\n`;
  }
  return Buffer.from(out.slice(0, size));
}

/** A record set of about `size` bytes made of batches of `perBatch` 1 KiB records. */
function recordSet(size: number, perBatch: number, compression = CompressionType.None): Buffer {
  const batches: Buffer[] = [];
  let total = 0;
  let n = 0;
  while (total < size) {
    const records: RecordInput[] = [];
    for (let i = 0; i < perBatch; i++, n++) {
      records.push({ key: Buffer.from(`key-${n}`), value: jsonLike(1024, n), timestamp: 1700000000000 + n });
    }
    const b = encodeRecordBatch({ compression, records });
    batches.push(b);
    total += b.length;
  }
  return Buffer.concat(batches);
}

function measure(name: string, bytesPerOp: number, op: () => unknown): BenchResult {
  const warmUntil = performance.now() + 50;
  while (performance.now() < warmUntil) op();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < DURATION_MS) {
    op();
    ops++;
    now = performance.now();
  }
  const mbPerSec = (bytesPerOp * ops) / ((now - start) / 1000) / 1e6;
  return { name, mbPerSec: Math.round(mbPerSec * 10) / 10 };
}

export async function runRecordsBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const random = Buffer.allocUnsafe(MiB);
  for (let i = 0; i < MiB; i++) random[i] = (i * 2654435761) >>> 24;

  results.push(measure('crc32c native (@node-rs/crc32), 1 MiB', MiB, () => crc32c(random)));
  results.push(measure('crc32c JS table, 1 MiB', MiB, () => crc32cTable(random)));

  const set16 = recordSet(MiB, 16);
  const set1 = recordSet(MiB, 1);
  results.push(measure('validate record set, 16 x 1 KiB records/batch', set16.length, () => validateRecordSet(set16)));
  results.push(measure('validate record set, 1 x 1 KiB record/batch', set1.length, () => validateRecordSet(set1)));
  results.push(measure('decode record set, 16 x 1 KiB records/batch', set16.length, () => decodeRecordBatches(set16)));
  results.push(measure('decode record set, 1 x 1 KiB record/batch', set1.length, () => decodeRecordBatches(set1)));

  const records: RecordInput[] = Array.from({ length: 16 }, (_, i) => ({
    key: Buffer.from(`key-${i}`),
    value: jsonLike(1024, i),
    timestamp: 1700000000000 + i,
  }));
  const rawBatchBytes = encodeRecordBatch({ records }).length;
  results.push(measure('encode batch, 16 x 1 KiB records', rawBatchBytes, () => encodeRecordBatch({ records })));

  const text = jsonLike(MiB, 42);
  for (const codec of [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd]) {
    const name = CompressionType[codec].toLowerCase();
    const packed = compress(codec, text);
    const ratio = (text.length / packed.length).toFixed(1);
    results.push(measure(`${name} compress, 1 MiB json-like (ratio ${ratio})`, MiB, () => compress(codec, text)));
    results.push(measure(`${name} decompress, 1 MiB json-like`, MiB, () => decompress(codec, packed)));
    const compressedSet = recordSet(MiB, 16, codec);
    const logical = decodeRecordBatches(compressedSet).reduce(
      (n, b) => n + b.records.reduce((m, r) => m + (r.value?.length ?? 0) + (r.key?.length ?? 0), 0),
      0,
    );
    results.push(
      measure(`decode ${name} record set (MB of keys+values), 16 x 1 KiB/batch`, logical, () =>
        decodeRecordBatches(compressedSet),
      ),
    );
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runRecordsBench();
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${r.mbPerSec.toFixed(1).padStart(9)} MB/s`);
}
