/**
 * Starts a Samsa broker in-process for one test file. The broker package is loaded by a dynamic
 * import of a computed specifier: the broker's tsconfig references this package, so a static
 * import (and a project reference back) would make the build graph circular.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestBroker {
  bootstrap: string;
  /** The bytes of a partition's log from offset 0 (up to 1 MiB), to check what was written. */
  logBytes(topic: string, partition: number): Buffer;
  stop(): Promise<void>;
}

interface EmbeddedBroker {
  bootstrapServers: string;
  replicas: {
    getPartition(
      topic: string,
      partition: number,
    ):
      | { log: { read(from: number, maxBytes: number, upTo: number, minOne: boolean): { records: Buffer } } }
      | undefined;
  };
  stop(): Promise<void>;
}

interface BrokerModule {
  startBroker(options: {
    logDirs?: string;
    port?: number;
    config?: Record<string, string | number | boolean>;
  }): Promise<EmbeddedBroker>;
}

const BROKER_PACKAGE = '@samsa/broker';

export async function startTestBroker(
  options: { port?: number; config?: Record<string, string | number | boolean>; dir?: string; keepDir?: boolean } = {},
): Promise<TestBroker & { dir: string }> {
  const mod = (await import(BROKER_PACKAGE)) as BrokerModule;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'samsa-client-test-'));
  const broker = await mod.startBroker({ logDirs: dir, port: options.port, config: options.config });
  return {
    bootstrap: broker.bootstrapServers,
    dir,
    logBytes(topic, partition) {
      const log = broker.replicas.getPartition(topic, partition)?.log;
      return log ? log.read(0, 1 << 20, Number.MAX_SAFE_INTEGER, true).records : Buffer.alloc(0);
    },
    async stop() {
      await broker.stop();
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Rejects after `ms` so no test waits forever. */
export function within<T>(ms: number, p: Promise<T>, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

let seq = 0;
export function topicName(prefix = 't'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
}
