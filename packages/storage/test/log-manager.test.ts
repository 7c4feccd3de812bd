import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createTextLogger, type Logger } from '@samsa/common';
import { type FileSystem, LogManager, StorageError } from '../src/index.js';
import { batch, config, fsTest, readAll, T0 } from './helpers.js';

const cfg = config({ 'segment.bytes': '1000' });

function open(fs: FileSystem, dirs: string[], logger?: Logger): LogManager {
  return LogManager.open({ logDirs: dirs, defaultConfig: cfg, logger, now: () => T0, fs });
}

function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createTextLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
  return Object.assign(logger, { lines });
}

fsTest('logs are created in the dir with fewest partitions and reloaded after a clean close', (_t, fresh) => {
  const d = fresh();
  const a = d.dir;
  const b = d.another();
  const m = open(d.fs, [a, b]);
  for (let p = 0; p < 4; p++) m.getOrCreateLog('orders', p).appendAsLeader(batch({ count: 10 }), 0, T0);
  assert.equal(d.fs.readdirSync(a).filter((d) => d.startsWith('orders-')).length, 2);
  assert.equal(d.fs.readdirSync(b).filter((d) => d.startsWith('orders-')).length, 2);
  const log = m.getLog('orders', 3);
  assert.ok(log);
  assert.equal(m.getOrCreateLog('orders', 3), log);
  m.close();

  for (const dir of [a, b]) {
    assert.ok(d.fs.existsSync(join(dir, '.kafka_cleanshutdown')));
    const rp = d.fs.readFileSync(join(dir, 'recovery-point-offset-checkpoint')).toString('utf8').split('\n');
    assert.equal(rp[0], '0');
    assert.equal(rp[1], '2');
    assert.match(rp[2] as string, /^orders \d 10$/);
    assert.ok(d.fs.existsSync(join(dir, 'log-start-offset-checkpoint')));
  }
  const again = open(d.fs, [a, b]);
  assert.equal(again.logs().length, 4);
  for (const l of again.logs()) {
    assert.equal(l.loadStats.recoveredSegments, 0, 'a clean restart rescans nothing');
    assert.equal(l.logEndOffset, 10);
    assert.equal(readAll(l).length, 10);
  }
  assert.ok(!d.fs.existsSync(join(a, '.kafka_cleanshutdown')));
  again.close();
});

fsTest('after a crash the tail beyond the checkpointed recovery point is rescanned', (_t, fresh) => {
  const d = fresh();
  const dir = d.dir;
  const m = open(d.fs, [dir]);
  const log = m.getOrCreateLog('events', 0);
  for (let i = 0; i < 30; i++) log.appendAsLeader(batch({ count: 3 }), 0, T0);
  log.flush();
  m.checkpoint();
  for (let i = 0; i < 5; i++) log.appendAsLeader(batch({ count: 3 }), 0, T0);
  const end = log.logEndOffset;
  // Simulate kill -9: files stay as written (page cache), no clean shutdown marker, old checkpoint.
  log.close();
  d.fs.appendFileSync(
    join(
      log.dir,
      d.fs
        .readdirSync(log.dir)
        .filter((f) => f.endsWith('.log'))
        .sort()
        .at(-1) as string,
    ),
    Buffer.alloc(30, 7),
  );

  const again = open(d.fs, [dir]);
  const reloaded = again.getLog('events', 0);
  assert.ok(reloaded);
  assert.equal(reloaded.logEndOffset, end);
  assert.ok(reloaded.loadStats.recoveredSegments >= 1);
  assert.ok(reloaded.loadStats.recoveredSegments < reloaded.numberOfSegments);
  assert.equal(reloaded.loadStats.truncatedBytes, 30);
  again.close();
});

fsTest(
  'deleteLog renames to -delete and removes the directory; leftovers are removed at startup',
  async (_t, fresh) => {
    const d = fresh();
    const dir = d.dir;
    const m = open(d.fs, [dir]);
    m.getOrCreateLog('gone', 0).appendAsLeader(batch(), 0, T0);
    m.getOrCreateLog('kept', 0).appendAsLeader(batch(), 0, T0);
    const done = m.deleteLog('gone', 0);
    assert.ok(d.fs.readdirSync(dir).some((d) => /^gone-0\.[0-9a-f]{32}-delete$/.test(d)));
    assert.equal(await done, true);
    assert.ok(!d.fs.readdirSync(dir).some((d) => d.startsWith('gone-0')));
    assert.equal(m.getLog('gone', 0), undefined);
    assert.equal(await m.deleteLog('gone', 0), false);
    m.close();

    d.fs.mkdirSync(join(dir, 'old-1.0123456789abcdef0123456789abcdef-delete'), { recursive: true });
    d.fs.mkdirSync(join(dir, 'not_a_partition'), { recursive: true });
    const logger = collectingLogger();
    const again = open(d.fs, [dir], logger);
    assert.deepEqual(
      again.logs().map((l) => `${l.topic}-${l.partition}`),
      ['kept-0'],
    );
    assert.ok(!d.fs.existsSync(join(dir, 'old-1.0123456789abcdef0123456789abcdef-delete')));
    assert.ok(
      logger.lines.some((l) => / WARN .*not a partition directory path=\S*not_a_partition$/.test(l.trimEnd())),
      logger.lines.join(''),
    );
    again.close();
  },
);

fsTest('invalid topic names are refused', (_t, fresh) => {
  const d = fresh();
  const m = open(d.fs, [d.dir]);
  assert.throws(
    () => m.getOrCreateLog('../escape', 0),
    (e: unknown) => e instanceof StorageError && e.code === 'INVALID_TOPIC_EXCEPTION',
  );
  assert.throws(
    () => m.getOrCreateLog('ok', -1),
    (e: unknown) => e instanceof StorageError && e.code === 'INVALID_REQUEST',
  );
  m.close();
});

fsTest('retention runs over every log and config updates apply to existing logs', (_t, fresh) => {
  const d = fresh();
  const dir = d.dir;
  const m = open(d.fs, [dir]);
  const log = m.getOrCreateLog('t', 0);
  for (let i = 0; i < 30; i++) log.appendAsLeader(batch({ count: 2, timestamp: T0 }), 0, T0);
  log.highWatermark = log.logEndOffset;
  assert.equal(m.cleanupLogs(T0 + 1000), 0);
  m.updateConfig('t', config({ 'segment.bytes': '1000', 'retention.ms': '100' }));
  assert.equal(log.config['retention.ms'], 100);
  assert.ok(m.cleanupLogs(T0 + 1000) > 0);
  assert.equal(m.getOrCreateLog('t', 1).config['retention.ms'], 100);
  m.close();
});

fsTest('dirs() reports partitions, sizes and filesystem space', (_t, fresh) => {
  const d = fresh();
  const dir = d.dir;
  const m = open(d.fs, [dir]);
  m.getOrCreateLog('t', 0).appendAsLeader(batch({ count: 4 }), 0, T0);
  const [info] = m.dirs();
  assert.equal(info?.path, dir);
  assert.equal(info?.partitions.length, 1);
  assert.equal(info?.partitions[0]?.size, m.getLog('t', 0)?.size);
  assert.equal(info?.partitions[0]?.offsetLag, 0);
  assert.ok((info?.totalBytes ?? 0) > 0 && (info?.usableBytes ?? 0) > 0);
  m.close();
});

fsTest('background tasks run and stop on close', async (_t, fresh) => {
  const d = fresh();
  const dir = d.dir;
  const m = LogManager.open({ logDirs: [dir], defaultConfig: config({ 'flush.ms': '0' }), fs: d.fs });
  const log = m.getOrCreateLog('t', 0);
  log.appendAsLeader(batch(), 0);
  m.startBackgroundTasks({
    flushCheckIntervalMs: 10,
    checkpointIntervalMs: 10,
    retentionCheckIntervalMs: 10,
    cleanerEnabled: true,
  });
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(log.recoveryPoint, 1);
  assert.match(d.fs.readFileSync(join(dir, 'recovery-point-offset-checkpoint')).toString('utf8'), /t 0 1/);
  m.close();
});
