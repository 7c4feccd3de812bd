/**
 * Kafka's own quickstart files work unchanged: `samsa connect-standalone` (the real CLI, as a
 * child process) is started in a directory holding connect-file-source.properties and
 * connect-file-sink.properties exactly as Kafka 3.9 ships them (class aliases FileStreamSource and
 * FileStreamSink, relative file names test.txt and test.sink.txt, topic connect-test), with a
 * worker file that is Kafka's connect-standalone.properties but for the broker address, the
 * offsets file and a free REST port. Lines written to test.txt come out in test.sink.txt; SIGTERM
 * stops the worker cleanly.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';

const SAMSA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../bin/samsa');

// Kafka 3.9.2 config/connect-file-source.properties and connect-file-sink.properties (settings).
const KAFKA_FILE_SOURCE = `name=local-file-source
connector.class=FileStreamSource
tasks.max=1
file=test.txt
topic=connect-test
`;
const KAFKA_FILE_SINK = `name=local-file-sink
connector.class=FileStreamSink
tasks.max=1
file=test.sink.txt
topics=connect-test
`;
const kafkaStandalone = (bootstrap: string) => `bootstrap.servers=${bootstrap}
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
offset.storage.file.filename=connect.offsets
offset.flush.interval.ms=10000
#plugin.path=
listeners=http://127.0.0.1:0
`;

let broker: TestBroker;
let dir: string;
let child: ChildProcess | null = null;

before(async () => {
  broker = await startTestBroker();
  dir = mkdtempSync(join(tmpdir(), 'samsa-connect-cli-'));
});

after(async () => {
  child?.kill('SIGKILL');
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("runs Kafka's FileStream quickstart files unchanged", async () => {
  writeFileSync(join(dir, 'connect-standalone.properties'), kafkaStandalone(broker.bootstrap));
  writeFileSync(join(dir, 'connect-file-source.properties'), KAFKA_FILE_SOURCE);
  writeFileSync(join(dir, 'connect-file-sink.properties'), KAFKA_FILE_SINK);
  writeFileSync(join(dir, 'test.txt'), 'foo\nbar\n');
  const proc = spawn(
    process.execPath,
    [
      SAMSA,
      'connect-standalone',
      'connect-standalone.properties',
      'connect-file-source.properties',
      'connect-file-sink.properties',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SAMSA_LOG_LEVEL: 'info' } },
  );
  child = proc;
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));

  const deadline = Date.now() + 90_000;
  let url: string | null = null;
  let lines: string[] = [];
  while (Date.now() < deadline) {
    url ??= /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1] ?? null;
    try {
      lines = readFileSync(join(dir, 'test.sink.txt'), 'utf8').split('\n').filter(Boolean);
    } catch {
      lines = [];
    }
    if (url && lines.length >= 2) break;
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(lines, ['foo', 'bar'], `worker output:\n${out}`);
  assert.ok(url, 'the worker logged its REST url');
  const connectors = (await (await fetch(`${url}/connectors`)).json()) as string[];
  assert.deepEqual(connectors.sort(), ['local-file-sink', 'local-file-source']);

  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    exited,
    new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 60_000))),
  ]);
  clearTimeout(timer);
  assert.equal(code, 0, `worker output:\n${out}`);
  child = null;
  // The source's offset was flushed at shutdown: position after "bar\n".
  const offsets = JSON.parse(readFileSync(join(dir, 'connect.offsets'), 'utf8')) as Record<string, string>;
  assert.deepEqual(offsets, { '["local-file-source",{"filename":"test.txt"}]': '{"position":8}' });
});
