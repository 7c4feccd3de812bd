/**
 * One in-process broker for a test, on a free port of 127.0.0.1 with its log in a temp dir:
 *
 *   const b = await startTestBroker({ config: { 'num.partitions': 3 } });
 *   // ... clients bootstrap from b.bootstrap ...
 *   await b.stop();   // stops the broker and removes the dir it created
 *
 * Shipped as `@samsa/broker/testing` for Samsa's own test suites (broker, client, cli) and for
 * applications that test against a real broker, as franz-go ships kfake. The test owns the object:
 * nothing here is safe to call concurrently with `stop()` or `restart()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Broker } from '../broker.js';
import { type EmbeddedBrokerOptions, startBroker } from '../embedded.js';

export interface TestBrokerOptions extends Omit<EmbeddedBrokerOptions, 'logDirs'> {
  /** Log dir to use (and keep); a fresh temp dir, removed by stop(), when omitted. */
  dir?: string;
  /** Keep the temp dir on stop(), to start another broker on the same data. */
  keepDir?: boolean;
}

export interface TestBroker {
  /** The running broker; restart() replaces it. */
  readonly broker: Broker;
  /** `127.0.0.1:<port>`, what clients bootstrap from. */
  readonly bootstrap: string;
  readonly port: number;
  readonly dir: string;
  /** The bytes of a partition's local log from offset 0 (at most `maxBytes`, 1 MiB by default). */
  readLog(topic: string, partition: number, maxBytes?: number): Buffer;
  /** Stops the broker and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the broker; removes the dir unless it was given or `keepDir` is set. Idempotent. */
  stop(): Promise<void>;
}

export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const { dir: givenDir, keepDir, ...brokerOptions } = options;
  const dir = givenDir ?? mkdtempSync(join(tmpdir(), 'samsa-test-'));
  const removeDir = givenDir === undefined && !keepDir;
  const start = (port: number | undefined) => startBroker({ ...brokerOptions, port, logDirs: dir });
  let broker: Broker;
  try {
    broker = await start(options.port);
  } catch (err) {
    if (removeDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    get broker() {
      return broker;
    },
    get bootstrap() {
      return broker.bootstrapServers;
    },
    get port() {
      return broker.port;
    },
    dir,
    readLog(topic, partition, maxBytes = 1 << 20) {
      const log = broker.replicas.getPartition(topic, partition)?.log;
      return log
        ? log.read({ startOffset: 0, maxBytes, limit: Number.MAX_SAFE_INTEGER, minOneBatch: true }).records
        : Buffer.alloc(0);
    },
    async restart() {
      const port = broker.port;
      await broker.stop();
      broker = await start(port);
    },
    async stop() {
      await broker.stop();
      if (removeDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
