#!/usr/bin/env node
// Captures golden request frames from real Kafka clients. A developer tool, not run by CI:
//
//   npx tsc -b packages/protocol && node scripts/capture-golden.mjs
//
// Starts a stub broker on 127.0.0.1 (a free port) that answers with the generated codec just well
// enough for clients to produce and to consume an assigned partition, runs each client against it
// one after another (every run bounded by a timeout), and writes the raw payload (the bytes after the
// 4-byte size) of the first request of each api key/version per client to
// packages/protocol/test/fixtures/golden/<client>/<NN>-<api-name>-v<version>[-<tag>].bin.
// Only client requests are golden: the responses are ours. packages/protocol/test/golden.test.ts
// decodes and re-encodes every file byte for byte.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32c } from '@node-rs/crc32';
import {
  ApiKey,
  apis,
  decodeRequest,
  defaultFetchResponse,
  defaultFetchResponseFetchableTopicResponse,
  defaultFetchResponsePartitionData,
  defaultListOffsetsResponse,
  defaultListOffsetsResponseListOffsetsPartitionResponse,
  defaultMetadataResponse,
  defaultMetadataResponsePartition,
  defaultMetadataResponseTopic,
  defaultProduceResponse,
  defaultProduceResponsePartitionProduceResponse,
  encodeResponseFrame,
  peekRequestKey,
  Writer,
} from '../packages/protocol/dist/src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'packages/protocol/test/fixtures/golden');
const TOPIC = 'golden';
const RUN_TIMEOUT_MS = 30_000;
const UNSUPPORTED_VERSION = 35;

// ---------------------------------------------------------------- helpers

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
/** A stable, non-zero topic id per name (base64url of 16 bytes), for Metadata v10+ and Fetch v13+. */
const topicIdOf = (name) => createHash('sha256').update(name).digest().subarray(0, 16).toString('base64url');

/** One record batch (magic 2, uncompressed) holding `values` at offsets base, base+1, ... */
function recordBatch(baseOffset, values) {
  const now = BigInt(Date.now());
  const records = new Writer();
  values.forEach((value, i) => {
    const body = new Writer();
    body.int8(0); // attributes
    body.varlong(0); // timestamp delta
    body.varint(i); // offset delta
    body.varint(-1); // key: null
    const v = Buffer.from(value);
    body.varint(v.length);
    body.copy(v);
    body.varint(0); // headers
    const bytes = body.toBuffer();
    records.varint(bytes.length);
    records.copy(bytes);
  });
  const recs = records.toBuffer();
  const w = new Writer();
  w.int64(BigInt(baseOffset));
  w.int32(0); // batch length, patched below
  w.int32(0); // partition leader epoch
  w.int8(2); // magic
  w.uint32(0); // crc, patched below
  w.int16(0); // attributes: no compression, create time
  w.int32(values.length - 1); // last offset delta
  w.int64(now); // base timestamp
  w.int64(now); // max timestamp
  w.int64(-1n); // producer id
  w.int16(-1); // producer epoch
  w.int32(-1); // base sequence
  w.int32(values.length);
  w.copy(recs);
  const batch = w.toBuffer();
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeUInt32BE(crc32c(batch.subarray(21)) >>> 0, 17);
  return batch;
}

/** How many records a produced record set holds (magic 2 batches; one per entry for magic 0/1). */
function countRecords(records) {
  let n = 0;
  let at = 0;
  while (records && at + 17 <= records.length) {
    const size = records.readInt32BE(at + 8);
    const magic = records.readInt8(at + 16);
    n += magic === 2 && at + 61 <= records.length ? records.readInt32BE(at + 57) : 1;
    at += 12 + size;
  }
  return n;
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- stub broker

const FETCH_LOG = recordBatch(0, ['golden record']);
const nextOffset = new Map(); // "topic/partition" -> next produce offset
const captured = new Set(); // "client|apiKey|version|tag"
const capturedFiles = [];
// The client run in progress: its fixture folder, a file name tag, and which requests to keep
// (`only`: api keys; `keep`: a predicate on the decoded request, for picking one of several).
let current = { client: 'none', tag: '', only: null, keep: null };
let port = 0;

function capture(payload, decoded) {
  const { apiKey, apiVersion } = peekRequestKey(payload);
  if (current.only && !current.only.includes(apiKey)) return;
  if (current.keep && !(decoded && current.keep(decoded))) return;
  const key = `${current.client}|${apiKey}|${apiVersion}|${current.tag}`;
  if (captured.has(key)) return;
  captured.add(key);
  const def = apis[apiKey];
  const name = def ? kebab(def.name) : 'unknown';
  const tag = current.tag ? `-${current.tag}` : '';
  const file = join(outDir, current.client, `${String(apiKey).padStart(2, '0')}-${name}-v${apiVersion}${tag}.bin`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, payload);
  capturedFiles.push(relative(outDir, file));
  console.log(`  captured ${relative(root, file)} (${payload.length} bytes)`);
}

function metadataTopic(name, version) {
  return {
    ...defaultMetadataResponseTopic(),
    name,
    topicId: topicIdOf(name),
    partitions: [
      { ...defaultMetadataResponsePartition(), partitionIndex: 0, leaderId: 0, replicaNodes: [0], isrNodes: [0] },
    ],
    topicAuthorizedOperations: version >= 8 ? 0 : -2147483648,
  };
}

/** Returns the response body for a decoded request, or undefined when none is due (acks=0). */
async function respond(header, body) {
  const version = header.requestApiVersion;
  switch (header.requestApiKey) {
    case ApiKey.ApiVersions:
      return {
        ...apis[ApiKey.ApiVersions].defaultResponse(),
        apiKeys: Object.values(apis).map((d) => ({
          apiKey: d.apiKey,
          minVersion: d.minVersion,
          maxVersion: d.maxVersion,
        })),
      };
    case ApiKey.Metadata: {
      // All topics: null, or in v0 an empty array (which from v1 on asks for brokers only).
      const names =
        body.topics === null || (version === 0 && body.topics.length === 0)
          ? [TOPIC]
          : body.topics.map((t) => t.name ?? (t.topicId === topicIdOf(TOPIC) ? TOPIC : t.topicId));
      return {
        ...defaultMetadataResponse(),
        brokers: [{ nodeId: 0, host: '127.0.0.1', port, rack: null }],
        clusterId: 'samsa-golden',
        controllerId: 0,
        topics: names.map((n) => metadataTopic(n, version)),
        clusterAuthorizedOperations: version >= 8 && version <= 10 ? 0 : -2147483648,
      };
    }
    case ApiKey.Produce: {
      if (body.acks === 0) return undefined;
      return {
        ...defaultProduceResponse(),
        responses: body.topicData.map((t) => ({
          name: t.name,
          partitionResponses: t.partitionData.map((p) => {
            const key = `${t.name}/${p.index}`;
            const base = nextOffset.get(key) ?? 0;
            nextOffset.set(key, base + countRecords(p.records));
            return {
              ...defaultProduceResponsePartitionProduceResponse(),
              index: p.index,
              baseOffset: BigInt(base),
              logStartOffset: 0n,
            };
          }),
        })),
      };
    }
    case ApiKey.Fetch: {
      let any = false;
      const responses = body.topics.map((t) => ({
        ...defaultFetchResponseFetchableTopicResponse(),
        topic: t.topic,
        topicId: t.topicId,
        partitions: t.partitions.map((p) => {
          const records = p.fetchOffset <= 0n ? FETCH_LOG : Buffer.alloc(0);
          if (records.length > 0) any = true;
          return {
            ...defaultFetchResponsePartitionData(),
            partitionIndex: p.partition,
            highWatermark: 1n,
            lastStableOffset: 1n,
            logStartOffset: 0n,
            records,
          };
        }),
      }));
      // Nothing new: wait like a broker would (bounded), so clients do not spin.
      if (!any) await delay(Math.min(Math.max(body.maxWaitMs, 0), 500));
      return { ...defaultFetchResponse(), sessionId: 0, responses };
    }
    case ApiKey.ListOffsets:
      return {
        ...defaultListOffsetsResponse(),
        topics: body.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => ({
            ...defaultListOffsetsResponseListOffsetsPartitionResponse(),
            partitionIndex: p.partitionIndex,
            oldStyleOffsets: [0n],
            timestamp: -1n,
            offset: 0n,
          })),
        })),
      };
    case ApiKey.InitProducerId:
      return { ...apis[ApiKey.InitProducerId].defaultResponse(), producerId: 4242n, producerEpoch: 0 };
    default:
      console.log(`  (no handler for ${apis[header.requestApiKey]?.name} v${version}: answering its defaults)`);
      return apis[header.requestApiKey].defaultResponse();
  }
}

function send(socket, def, version, correlationId, body) {
  const w = new Writer();
  encodeResponseFrame(w, def, version, correlationId, body);
  for (const chunk of w.chunks()) socket.write(chunk);
}

async function handle(socket, payload) {
  const { apiKey, apiVersion } = peekRequestKey(payload);
  const def = apis[apiKey];
  if (apiKey === ApiKey.ApiVersions && apiVersion > def.maxVersion) {
    capture(payload, null);
    // KIP-511: answer v0 with UNSUPPORTED_VERSION and our ApiVersions range; the client retries.
    const correlationId = payload.readInt32BE(4);
    send(socket, def, 0, correlationId, {
      ...def.defaultResponse(),
      errorCode: UNSUPPORTED_VERSION,
      apiKeys: [{ apiKey: def.apiKey, minVersion: def.minVersion, maxVersion: def.maxVersion }],
    });
    return;
  }
  let decoded;
  try {
    decoded = decodeRequest(payload);
  } catch (err) {
    capture(payload, null); // kept: a request we cannot decode is exactly what the test should show
    console.log(`  cannot decode ${def?.name ?? apiKey} v${apiVersion}: ${err.message}; closing the connection`);
    socket.destroy();
    return;
  }
  capture(payload, decoded);
  const response = await respond(decoded.header, decoded.body);
  if (response !== undefined && !socket.destroyed) {
    send(socket, def, apiVersion, decoded.header.correlationId, response);
  }
}

const sockets = new Set();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => {});
  let pending = Buffer.alloc(0);
  let queue = Promise.resolve(); // requests are answered in order, one at a time
  socket.on('data', (data) => {
    pending = pending.length ? Buffer.concat([pending, data]) : data;
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = pending.readInt32BE(0);
      const payload = Buffer.from(pending.subarray(4, 4 + size));
      pending = pending.subarray(4 + size);
      queue = queue.then(() =>
        handle(socket, payload).catch((err) => {
          console.log(`  stub error: ${err.stack}`);
          socket.destroy();
        }),
      );
    }
  });
});

// ---------------------------------------------------------------- clients

function run(label, cmd, args, { stdin = '', cwd = root } = {}) {
  return new Promise((resolve) => {
    console.log(`- ${label}: ${cmd} ${args.map((a) => (a.includes('\n') ? '<script>' : a)).join(' ')}`);
    const child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      console.log(`  timed out after ${RUN_TIMEOUT_MS} ms; killing pid ${child.pid}`);
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      console.log(`  failed to start: ${err.message}`);
      resolve(false);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = out.trim();
      if (text) console.log(text.replace(/^/gm, '    | '));
      console.log(`  exit ${code ?? signal}`);
      resolve(code === 0);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

const PY = '/usr/bin/python3';

const kafkaPythonScript = `
import sys
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
bootstrap = sys.argv[1]
compression = sys.argv[2] if len(sys.argv) > 2 else None
p = KafkaProducer(bootstrap_servers=bootstrap, client_id='golden-kafka-python', compression_type=compression)
for i in range(3):
    p.send('golden', key=b'k%d' % i, value=b'kafka-python message %d' % i)
p.flush(timeout=10)
p.close(timeout=5)
if compression:
    sys.exit(0)
c = KafkaConsumer(bootstrap_servers=bootstrap, client_id='golden-kafka-python', group_id=None,
                  enable_auto_commit=False, consumer_timeout_ms=10000)
tp = TopicPartition('golden', 0)
c.assign([tp])
c.seek(tp, 0)
got = []
for _ in range(20):
    for recs in c.poll(timeout_ms=500).values():
        got.extend(recs)
    if got:
        break
c.seek_to_beginning(tp)
print('position after seek_to_beginning', c.position(tp))
c.close()
print('consumed', [r.value for r in got])
sys.exit(0 if got else 1)
`;

const confluentScript = `
import sys
from confluent_kafka import Producer
p = Producer({'bootstrap.servers': sys.argv[1], 'client.id': 'golden-confluent-kafka'})
for i in range(3):
    p.produce('golden', key=b'k%d' % i, value=b'confluent-kafka message %d' % i)
left = p.flush(10)
print('unflushed', left)
sys.exit(0 if left == 0 else 1)
`;

const kafkajsScript = `
import kafkajs from 'kafkajs';
const { Kafka, logLevel } = kafkajs;
const kafka = new Kafka({ clientId: 'golden-kafkajs', brokers: [process.argv[1]], logLevel: logLevel.WARN, retry: { retries: 2 } });
const producer = kafka.producer({ allowAutoTopicCreation: false });
await producer.connect();
await producer.send({ topic: 'golden', messages: [0, 1, 2].map((i) => ({ key: 'k' + i, value: 'kafkajs message ' + i })) });
await producer.disconnect();
console.log('sent');
`;

function versions() {
  const kcat = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
  const kcatLine = `${kcat.stdout}${kcat.stderr}`.match(/Version (\S+).*?librdkafka (\S+)/);
  const py = spawnSync(
    PY,
    [
      '-c',
      'import sys, kafka, confluent_kafka as c; print(sys.version.split()[0], kafka.__version__, c.version()[0], c.libversion()[0])',
    ],
    { encoding: 'utf8' },
  );
  const [python, kafkaPython, confluent, confluentLib] = (py.stdout || '').trim().split(' ');
  const kafkajs = JSON.parse(readFileSync(join(root, 'node_modules/kafkajs/package.json'), 'utf8')).version;
  return {
    kcat: kcatLine ? `kcat ${kcatLine[1]} (librdkafka ${kcatLine[2]})` : 'kcat (version unknown)',
    'kafka-python': `kafka-python ${kafkaPython} (Python ${python})`,
    'confluent-kafka': `confluent-kafka-python ${confluent} (librdkafka ${confluentLib})`,
    kafkajs: `kafkajs ${kafkajs} (Node ${process.version})`,
  };
}

function writeReadme(clientVersions) {
  const byClient = new Map();
  for (const f of [...capturedFiles].sort()) {
    const [client, file] = f.split('/');
    if (!byClient.has(client)) byClient.set(client, []);
    byClient.get(client).push(file);
  }
  const lines = [
    '# Golden request frames',
    '',
    'Request payloads (the bytes after the 4-byte size prefix: request header + body) captured from real',
    'Kafka clients by `scripts/capture-golden.mjs`, which runs each client against a stub broker.',
    '`test/golden.test.ts` decodes every `.bin` file here and re-encodes it byte for byte.',
    '',
    'File names: `<client>/<api key>-<api name>-v<version>[-<tag>].bin`; the tag names a variant of the',
    'same request (for example the compression codec of a Produce request).',
    '',
    '## Clients',
    '',
    ...Object.entries(clientVersions).map(([dir, v]) => `- \`${dir}/\`: ${v}`),
    '',
    '## Recapturing',
    '',
    '```sh',
    'npx tsc -b packages/protocol && node scripts/capture-golden.mjs',
    '```',
    '',
    'This needs kcat, /usr/bin/python3 with kafka-python and confluent-kafka, and the kafkajs devDependency.',
    'It replaces every `.bin` file here. Record batches and timestamps differ from run to run, so a',
    'recapture changes the bytes; the test only needs each file to round-trip.',
    '',
    '## Files',
    '',
    ...[...byClient].flatMap(([client, files]) => [`- \`${client}/\`: ${files.map((f) => `\`${f}\``).join(', ')}`]),
    '',
  ];
  writeFileSync(join(outDir, 'README.md'), lines.join('\n'));
}

// ---------------------------------------------------------------- main

async function main() {
  for (const entry of readdirSync(outDir, { withFileTypes: true, recursive: false }).filter((e) => e.isDirectory())) {
    rmSync(join(outDir, entry.name), { recursive: true });
  }
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
  const bootstrap = `127.0.0.1:${port}`;
  console.log(`stub broker on ${bootstrap}`);

  const messages = 'golden message 1\ngolden message 2\ngolden message 3\n';
  const runs = [
    {
      client: 'kcat',
      label: 'kcat produce',
      cmd: 'kcat',
      args: ['-P', '-b', bootstrap, '-t', TOPIC, '-X', 'client.id=golden-kcat'],
      stdin: messages,
    },
    ...['gzip', 'snappy', 'lz4', 'zstd'].map((codec) => ({
      client: 'kcat',
      tag: codec,
      only: [ApiKey.Produce],
      label: `kcat produce -z ${codec}`,
      cmd: 'kcat',
      args: ['-P', '-b', bootstrap, '-t', TOPIC, '-z', codec, '-X', 'client.id=golden-kcat'],
      stdin: messages,
    })),
    {
      client: 'kcat',
      tag: 'idempotent',
      only: [ApiKey.Produce, ApiKey.InitProducerId],
      label: 'kcat produce (idempotent)',
      cmd: 'kcat',
      args: ['-P', '-b', bootstrap, '-t', TOPIC, '-X', 'enable.idempotence=true', '-X', 'client.id=golden-kcat'],
      stdin: messages,
    },
    {
      client: 'kcat',
      tag: 'all-topics',
      only: [ApiKey.Metadata],
      keep: (req) => req.body.topics === null,
      label: 'kcat -L',
      cmd: 'kcat',
      args: ['-L', '-b', bootstrap, '-X', 'client.id=golden-kcat'],
    },
    {
      client: 'kcat',
      label: 'kcat consume',
      cmd: 'kcat',
      args: ['-C', '-b', bootstrap, '-t', TOPIC, '-p', '0', '-o', '0', '-c', '1', '-e', '-X', 'client.id=golden-kcat'],
    },
    {
      client: 'kcat',
      only: [ApiKey.ListOffsets],
      label: 'kcat consume -o beginning',
      cmd: 'kcat',
      args: [
        '-C',
        '-b',
        bootstrap,
        '-t',
        TOPIC,
        '-p',
        '0',
        '-o',
        'beginning',
        '-c',
        '1',
        '-e',
        '-X',
        'client.id=golden-kcat',
      ],
    },
    { client: 'kafka-python', label: 'kafka-python', cmd: PY, args: ['-c', kafkaPythonScript, bootstrap] },
    {
      client: 'kafka-python',
      tag: 'gzip',
      only: [ApiKey.Produce],
      label: 'kafka-python producer (gzip)',
      cmd: PY,
      args: ['-c', kafkaPythonScript, bootstrap, 'gzip'],
    },
    { client: 'confluent-kafka', label: 'confluent-kafka producer', cmd: PY, args: ['-c', confluentScript, bootstrap] },
    {
      client: 'kafkajs',
      label: 'kafkajs producer',
      cmd: process.execPath,
      args: ['--input-type=module', '-e', kafkajsScript, bootstrap],
    },
  ];
  const results = [];
  for (const r of runs) {
    current = { client: r.client, tag: r.tag ?? '', only: r.only ?? null, keep: r.keep ?? null };
    const ok = await run(r.label, r.cmd, r.args, { stdin: r.stdin });
    results.push(`${ok ? 'ok  ' : 'FAIL'} ${r.label}`);
    for (const s of sockets) s.destroy(); // a client that was killed may leave connections behind
    await delay(100);
  }
  server.close();
  writeReadme(versions());
  console.log(`\n${results.join('\n')}\n${capturedFiles.length} files in ${relative(root, outDir)}`);
}

mkdirSync(outDir, { recursive: true });
await main();
