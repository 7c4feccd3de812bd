/** Starts an in-process broker in a temp dir for one test file and removes both afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Broker, type EmbeddedBrokerOptions, startBroker } from '../../src/index.js';

export interface BrokerFixture {
  broker: Broker;
  bootstrap: string;
  dir: string;
  stop(): Promise<void>;
}

export async function withBroker(options: EmbeddedBrokerOptions = {}): Promise<BrokerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-test-'));
  const broker = await startBroker({ logDirs: dir, ...options });
  const fixture: BrokerFixture = {
    broker,
    bootstrap: broker.bootstrapServers,
    dir,
    async stop() {
      // The test may have replaced the broker (restart scenarios): stop whichever runs now.
      await fixture.broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
