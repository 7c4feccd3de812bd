/**
 * The FileStream tasks on their own (no worker, no broker): the source reads batch.size lines per
 * poll with Kafka's partition {"filename"} and offset {"position"} (the byte after each line),
 * holds back a last line without its newline, and resumes from a stored position; the sink writes
 * values as Kafka's does (Java's String.valueOf) and fsyncs on flush.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  FileStreamSinkTask,
  FileStreamSourceTask,
  type OffsetMap,
  SinkRecord,
  type SourceRecord,
} from '../src/index.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'samsa-filestream-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function sourceTask(stored: OffsetMap | null): FileStreamSourceTask {
  const t = new FileStreamSourceTask();
  t.initialize({
    configs: () => ({}),
    offsetStorageReader: () => ({
      offset: async () => stored,
      offsets: async (ps) => new Map(ps.map((p) => [p, stored])),
    }),
  });
  return t;
}

const values = (rs: SourceRecord[] | null) => (rs ?? []).map((r) => [r.value, r.sourceOffset?.position]);

test('FileStreamSourceTask reads batch.size lines per poll and resumes from a position', async () => {
  const file = join(dir, 'in.txt');
  writeFileSync(file, 'a\nbb\r\nccc\nd\npartial');
  const t = sourceTask(null);
  await t.start({ file, topic: 'x', 'batch.size': '2' });
  const first = await t.poll();
  assert.deepEqual(values(first), [
    ['a', 2],
    ['bb', 6],
  ]);
  assert.deepEqual(first?.[0]?.sourcePartition, { filename: file });
  assert.equal(first?.[0]?.topic, 'x');
  assert.deepEqual(values(await t.poll()), [
    ['ccc', 10],
    ['d', 12],
  ]);
  assert.equal(await t.poll(), null, 'a line without its newline waits');
  appendFileSync(file, '-done\n');
  assert.deepEqual(values(await t.poll()), [['partial-done', 25]]);
  t.stop();

  const resumed = sourceTask({ position: 10 });
  await resumed.start({ file, topic: 'x' });
  assert.deepEqual(values(await resumed.poll()), [
    ['d', 12],
    ['partial-done', 25],
  ]);
  resumed.stop();
});

test('FileStreamSinkTask appends values as Java prints them', async () => {
  const file = join(dir, 'out.txt');
  const t = new FileStreamSinkTask();
  await t.start({ file });
  const rec = (value: unknown) => new SinkRecord({ topic: 't', value, kafkaOffset: 0n });
  await t.put([rec('text'), rec({ a: 1, b: [1, 2] }), rec(null), rec(42), rec(Buffer.from('bytes'))]);
  await t.flush([]);
  assert.equal(readFileSync(file, 'utf8'), 'text\n{a=1, b=[1, 2]}\nnull\n42\nbytes\n');
  await t.stop();
});
