/**
 * `npm run bench:codec`: throughput of the wire codec and the record-batch library on this
 * machine. A benchmark, not a test: it prints a table and asserts nothing.
 *
 * - Produce request encode+decode: a Produce v9 request carrying 1 MiB of 1 KiB records (one batch
 *   per 16 KiB, as a producer would send), encoded into a reused Writer and decoded back.
 * - Metadata response encode+decode with 1,000 partitions, for per-field codec cost.
 * - Then the records library's own figures (CRC32C, batch validation and decoding, codecs).
 */
import { pathToFileURL } from 'node:url';
import {
  decodeMetadataResponse,
  decodeProduceRequest,
  defaultMetadataResponse,
  defaultMetadataResponsePartition,
  defaultMetadataResponseTopic,
  encodeMetadataResponse,
  encodeProduceRequest,
  type ProduceRequest,
} from '../src/generated/index.js';
import { Reader } from '../src/io/reader.js';
import { Writer } from '../src/io/writer.js';
import { encodeRecordBatch } from '../src/records/index.js';
import { measure, printTable } from './machine.js';
import { runRecordsBench } from './records-bench.js';

/** 1 MiB of 1 KiB records in `batches` record sets, one partition each. */
function produceRequest(batchCount: number): ProduceRequest {
  const batches: Buffer[] = [];
  const value = Buffer.alloc(1024, 'x');
  const perBatch = 1024 / batchCount;
  for (let b = 0; b < batchCount; b++) {
    batches.push(encodeRecordBatch({ records: Array.from({ length: perBatch }, () => ({ key: null, value })) }));
  }
  return {
    transactionalId: null,
    acks: 1,
    timeoutMs: 30_000,
    topicData: [{ name: 'bench', partitionData: batches.map((records, index) => ({ index, records })) }],
  };
}

export async function runCodecBench(): Promise<Array<{ name: string; mbPerSec: number }>> {
  const rows: Array<{ name: string; mbPerSec: number }> = [];
  // 64 record sets of 16 KiB are kept by reference by the Writer and viewed by the Reader (no
  // copy of record bytes at all); 1,024 sets of one record are small enough to be copied.
  for (const [batchCount, label] of [
    [64, '64 × 16 KiB batches, by reference'],
    [1024, '1,024 × 1 KiB batches, copied'],
  ] as const) {
    const req = produceRequest(batchCount);
    const w = new Writer(2 * 1024 * 1024);
    encodeProduceRequest(w, req, 9);
    const bytes = w.toBuffer();
    const mb = bytes.length / 1e6;
    rows.push({
      name: `Produce v9 request, 1 MiB (${label}): encode`,
      mbPerSec:
        mb *
        measure(() => {
          w.reset();
          encodeProduceRequest(w, req, 9);
        }),
    });
    rows.push({
      name: `Produce v9 request, 1 MiB (${label}): decode`,
      mbPerSec: mb * measure(() => decodeProduceRequest(new Reader(bytes), 9)),
    });
  }

  const meta = defaultMetadataResponse();
  for (let t = 0; t < 100; t++) {
    const topic = defaultMetadataResponseTopic();
    topic.name = `topic-${t}`;
    for (let p = 0; p < 10; p++) {
      const part = defaultMetadataResponsePartition();
      part.partitionIndex = p;
      part.replicaNodes = [1, 2, 3];
      part.isrNodes = [1, 2, 3];
      topic.partitions.push(part);
    }
    meta.topics.push(topic);
  }
  const mw = new Writer();
  encodeMetadataResponse(mw, meta, 12);
  const metaBytes = mw.toBuffer();
  rows.push({
    name: 'Metadata v12 response (1,000 partitions) encode',
    mbPerSec:
      (metaBytes.length / 1e6) *
      measure(() => {
        mw.reset();
        encodeMetadataResponse(mw, meta, 12);
      }),
  });
  rows.push({
    name: 'Metadata v12 response (1,000 partitions) decode',
    mbPerSec: (metaBytes.length / 1e6) * measure(() => decodeMetadataResponse(new Reader(metaBytes), 12)),
  });
  rows.push(...(await runRecordsBench()));
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCodecBench().then((rows) => printTable('Samsa codec benchmark', rows));
}
