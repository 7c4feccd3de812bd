/** Closing the console (Ctrl-C on `samsa console`, a broker stopping) ends its open live streams instead of waiting on them forever. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness } from './support/console-harness.js';

describe('console close', () => {
  it('ends open SSE streams and finishes', async () => {
    const h = await startHarness();
    try {
      await h.send('POST', '/api/topics', { name: 'live' });
      const readers = await Promise.all(
        ['/api/cluster/live?intervalMs=200', '/api/topics/live/tail', '/api/groups/none/live'].map(async (path) => {
          const res = await fetch(`${h.url}${path}`);
          assert.equal(res.status, 200, path);
          const reader = (res.body as ReadableStream<Uint8Array>).getReader();
          await reader.read(); // the stream is open
          return reader;
        }),
      );
      const closed = await Promise.race([
        h.console.close().then(() => 'closed'),
        new Promise((r) => setTimeout(() => r('still open after 20 s'), 20_000).unref()),
      ]);
      assert.equal(closed, 'closed');
      for (const reader of readers) {
        let done = false;
        while (!done) done = (await reader.read()).done;
      }
    } finally {
      await h.stop();
    }
  });
});
