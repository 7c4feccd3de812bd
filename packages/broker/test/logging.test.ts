/**
 * The broker logs through the one Logger: a pino logger passed to startBroker is used as it is,
 * every line carries the broker id and its subsystem (network, topics, storage, ...), and
 * storage's lines are structured fields, not sentences with the values pasted in.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Admin } from '@samsa/client';
import { createLogger, silentLogger } from '@samsa/common';
import { startBroker } from '../src/index.js';

type Line = Record<string, unknown>;

function jsonLogger(): { logger: ReturnType<typeof createLogger>; lines: Line[] } {
  const lines: Line[] = [];
  const logger = createLogger({
    level: 'info',
    name: 'logging-test',
    destination: { write: (l: string) => lines.push(JSON.parse(l) as Line) },
  });
  return { logger, lines };
}

describe('broker logging', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-logging-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes JSON lines with the broker id and one subsystem per line', async () => {
    const { logger, lines } = jsonLogger();
    const broker = await startBroker({ logDirs: dir, brokerId: 3, logger });
    try {
      const admin = new Admin({ bootstrapServers: `127.0.0.1:${broker.port}`, logger: silentLogger });
      try {
        await admin.createTopics([{ name: 'logged', numPartitions: 2 }]);
      } finally {
        await admin.close();
      }
    } finally {
      await broker.stop();
    }
    const listening = lines.find((l) => l.msg === 'listening');
    assert.equal(listening?.name, 'logging-test');
    assert.equal(listening?.broker, 3);
    assert.equal(listening?.subsystem, 'network');
    assert.equal(listening?.port, broker.port);
    const created = lines.find((l) => l.msg === 'topic created' && l.topic === 'logged');
    assert.equal(created?.broker, 3);
    assert.equal(created?.subsystem, 'topics');
    assert.equal(created?.partitions, 2);
    assert.equal(lines.at(-1)?.msg, 'broker stopped');
    for (const l of lines) assert.equal(l.broker, 3, JSON.stringify(l));
  });

  it("passes the storage subsystem's logger down: storage warnings carry their fields", async () => {
    mkdirSync(join(dir, 'not_a_partition'));
    const { logger, lines } = jsonLogger();
    const broker = await startBroker({ logDirs: dir, brokerId: 3, logger });
    await broker.stop();
    const skipped = lines.find((l) => l.msg === 'skipping a directory that is not a partition directory');
    assert.ok(skipped, JSON.stringify(lines));
    assert.equal(skipped.level, 40);
    assert.equal(skipped.subsystem, 'storage');
    assert.equal(skipped.path, join(dir, 'not_a_partition'));
  });
});
