/**
 * Golden vectors: request frames captured from real clients (kcat/librdkafka, kafka-python,
 * confluent-kafka-python, kafkajs) by scripts/capture-golden.mjs. Every file must decode completely
 * and re-encode to exactly the bytes the client sent; a few decoded fields are checked by hand.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { crc32c } from '@node-rs/crc32';
import {
  type ApiVersionsRequest,
  apiDefinition,
  type DecodedRequest,
  decodeRequest,
  encodeRequestFrame,
  type FetchRequest,
  type InitProducerIdRequest,
  type ListOffsetsRequest,
  type MetadataRequest,
  type ProduceRequest,
  Writer,
} from '../src/index.js';

// Compiled to dist/test/golden.test.js; the fixtures stay in the source tree.
const GOLDEN_DIR = fileURLToPath(new URL('../../test/fixtures/golden/', import.meta.url));
const FILE_NAME = /^(\d{2})-([a-z0-9-]+)-v(\d+)(?:-([a-z0-9-]+))?\.bin$/;

interface Fixture {
  client: string;
  file: string;
  apiKey: number;
  apiName: string;
  version: number;
  tag: string | undefined;
  payload: Buffer;
}

function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const client of readdirSync(GOLDEN_DIR, { withFileTypes: true })) {
    if (!client.isDirectory()) continue;
    for (const file of readdirSync(join(GOLDEN_DIR, client.name)).sort()) {
      if (!file.endsWith('.bin')) continue;
      const m = FILE_NAME.exec(file);
      assert.ok(m, `unexpected fixture name ${client.name}/${file}`);
      out.push({
        client: client.name,
        file,
        apiKey: Number(m[1]),
        apiName: m[2] as string,
        version: Number(m[3]),
        tag: m[4],
        payload: readFileSync(join(GOLDEN_DIR, client.name, file)),
      });
    }
  }
  return out.sort((a, b) => `${a.client}/${a.file}`.localeCompare(`${b.client}/${b.file}`));
}

const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function reencode(decoded: DecodedRequest): Buffer {
  const { header, body } = decoded;
  const def = apiDefinition(header.requestApiKey);
  assert.ok(def);
  const w = new Writer(64);
  const size = encodeRequestFrame(w, def, header.requestApiVersion, header.correlationId, header.clientId, body);
  const frame = w.toBuffer();
  assert.equal(frame.length, size);
  assert.equal(frame.readInt32BE(0), size - 4, 'size prefix counts the bytes after it');
  return frame.subarray(4);
}

interface BatchSummary {
  attributes: number;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  count: number;
}

/** Walks a magic-2 record set: every batch's length and CRC32C must hold. */
function recordBatches(records: Buffer): BatchSummary[] {
  const batches: BatchSummary[] = [];
  let at = 0;
  while (at < records.length) {
    assert.ok(at + 61 <= records.length, `truncated batch header at ${at}`);
    const end = at + 12 + records.readInt32BE(at + 8);
    assert.ok(end <= records.length, `batch at ${at} runs past the record set`);
    assert.equal(records.readInt8(at + 16), 2, 'magic');
    assert.equal(records.readUInt32BE(at + 17), crc32c(records.subarray(at + 21, end)) >>> 0, 'batch CRC32C');
    batches.push({
      attributes: records.readInt16BE(at + 21),
      producerId: records.readBigInt64BE(at + 43),
      producerEpoch: records.readInt16BE(at + 51),
      baseSequence: records.readInt32BE(at + 53),
      count: records.readInt32BE(at + 57),
    });
    at = end;
  }
  return batches;
}

const CLIENT_IDS: Record<string, string> = {
  kcat: 'golden-kcat',
  'kafka-python': 'golden-kafka-python',
  'confluent-kafka': 'golden-confluent-kafka',
  kafkajs: 'golden-kafkajs',
};
const CODECS: Record<string, number> = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
const ACKS: Record<string, number> = { kcat: -1, 'kafka-python': 1, 'confluent-kafka': -1, kafkajs: -1 };

/** Hand-checked fields, per api key (applies to every client's fixture of that api). */
const spotChecks: Record<number, (body: unknown, f: Fixture) => void> = {
  0: (body, f) => {
    const req = body as ProduceRequest;
    assert.equal(req.transactionalId, null);
    assert.equal(req.acks, ACKS[f.client]);
    assert.equal(req.timeoutMs, 30000);
    assert.equal(req.topicData.length, 1);
    const topic = req.topicData[0]!;
    assert.equal(topic.name, 'golden');
    assert.equal(topic.partitionData.length, 1);
    const { index, records } = topic.partitionData[0]!;
    assert.equal(index, 0);
    assert.ok(Buffer.isBuffer(records), 'records decode to a Buffer');
    // The records are the tail of the payload, viewed in place: the length prefix matches them exactly.
    assert.equal(records.readInt32BE(8) + 12, records.length, 'one batch fills the record set');
    assert.equal(f.payload.readInt32BE(f.payload.length - records.length - 4), records.length);
    assert.ok(f.payload.subarray(f.payload.length - records.length).equals(records));
    const idempotent = f.tag === 'idempotent';
    // Java and librdkafka write -1 for "no producer"; kafkajs writes epoch 0 and sequence 0.
    const none = f.client === 'kafkajs' ? 0 : -1;
    assert.deepEqual(recordBatches(records), [
      {
        attributes: CODECS[f.tag ?? ''] ?? 0,
        // The stub's InitProducerId answer; a plain producer sends no producer id.
        producerId: idempotent ? 4242n : -1n,
        producerEpoch: idempotent ? 0 : none,
        baseSequence: idempotent ? 0 : none,
        count: 3,
      },
    ]);
  },
  1: (body, f) => {
    const req = body as FetchRequest;
    assert.equal(req.replicaId, -1);
    assert.equal(req.maxWaitMs, 500);
    assert.equal(req.minBytes, 1);
    assert.equal(req.isolationLevel, f.client === 'kcat' ? 1 : 0);
    assert.equal(req.topics.length, 1);
    const topic = req.topics[0]!;
    assert.equal(topic.topic, 'golden');
    assert.equal(topic.partitions.length, 1);
    assert.equal(topic.partitions[0]!.partition, 0);
    assert.equal(topic.partitions[0]!.fetchOffset, 0n);
    assert.equal(topic.partitions[0]!.partitionMaxBytes, 1048576);
  },
  2: (body) => {
    const req = body as ListOffsetsRequest;
    assert.equal(req.replicaId, -1);
    assert.equal(req.topics.length, 1);
    assert.equal(req.topics[0]!.name, 'golden');
    assert.equal(req.topics[0]!.partitions[0]!.partitionIndex, 0);
    assert.equal(req.topics[0]!.partitions[0]!.timestamp, -2n, 'earliest');
  },
  3: (body, f) => {
    const req = body as MetadataRequest;
    if (f.client === 'kafka-python') {
      // "All topics": an empty array in v0, null from v1 on.
      assert.deepEqual(req.topics, f.version === 0 ? [] : null);
    } else if (f.tag === 'all-topics') {
      assert.equal(req.topics, null);
    } else {
      assert.deepEqual(
        req.topics?.map((t) => t.name),
        ['golden'],
      );
    }
    if (f.version >= 4) assert.equal(req.allowAutoTopicCreation, f.client !== 'kafkajs');
  },
  22: (body) => {
    const req = body as InitProducerIdRequest;
    assert.equal(req.transactionalId, null);
    assert.equal(req.producerId, -1n);
    assert.equal(req.producerEpoch, -1);
  },
  18: (body, f) => {
    const req = body as ApiVersionsRequest;
    const expected: Record<string, [string, string]> = {
      kcat: ['librdkafka', '2.0.2'],
      'confluent-kafka': ['confluent-kafka-python', '1.7.0-rdkafka-2.0.2'],
    };
    const [name, version] = f.version >= 3 ? (expected[f.client] ?? ['?', '?']) : ['', ''];
    assert.equal(req.clientSoftwareName, name);
    assert.equal(req.clientSoftwareVersion, version);
  },
};

describe('golden request frames from real clients', () => {
  assert.ok(existsSync(GOLDEN_DIR), `no fixtures at ${GOLDEN_DIR}`);
  const fixtures = loadFixtures();

  test('cover ApiVersions, Metadata, Produce and Fetch from kcat and kafka-python', () => {
    for (const client of ['kcat', 'kafka-python']) {
      const keys = new Set(fixtures.filter((f) => f.client === client).map((f) => f.apiKey));
      for (const key of [18, 3, 0, 1]) assert.ok(keys.has(key), `${client} has no api key ${key} fixture`);
    }
  });

  for (const f of fixtures) {
    test(`${f.client}/${f.file}`, () => {
      const def = apiDefinition(f.apiKey);
      assert.ok(def, `api key ${f.apiKey} is not defined`);
      assert.equal(f.apiName, kebab(def.name), 'file name matches the api name');

      const decoded = decodeRequest(f.payload);
      assert.equal(decoded.header.requestApiKey, f.apiKey);
      assert.equal(decoded.header.requestApiVersion, f.version);
      assert.equal(decoded.header.clientId, CLIENT_IDS[f.client]);

      const bytes = reencode(decoded);
      assert.equal(bytes.toString('hex'), f.payload.toString('hex'), 're-encodes byte for byte');

      spotChecks[f.apiKey]?.(decoded.body, f);
    });
  }
});
