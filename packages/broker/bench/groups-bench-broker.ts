/**
 * The broker side of the groups benchmark, run in a worker thread so that the load generator and
 * the broker each have an event loop (and a core) of their own. Posts its bootstrap address, then
 * stops when told.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { startBroker } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'samsa-groups-bench-'));
const broker = await startBroker({ logDirs: dir, config: (workerData as { config: Record<string, string> }).config });
parentPort?.postMessage({ bootstrap: broker.bootstrapServers });
parentPort?.on('message', async () => {
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
  parentPort?.postMessage({ stopped: true });
  process.exit(0);
});
