/**
 * The README's TypeScript client examples run as written: each ```ts block of the "TypeScript
 * client" section is transpiled and run in order against an in-process broker (its address put in
 * place of localhost:9092), and what they wrote is checked: the transaction example must copy the
 * records of `orders` to `orders-upper` in upper case, visible to read_committed consumers.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import ts from 'typescript';
import { Producer } from '../src/producer/producer.js';
import { within } from './support/helpers.js';
import { readValues } from './support/read.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const README = join(HERE, '../../../../README.md');

function clientExamples(): string[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('\n## TypeScript client');
  const end = text.indexOf('\n## ', start + 1);
  assert.ok(start >= 0 && end > start, 'README has a TypeScript client section');
  return [...text.slice(start, end).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

describe('README client examples', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker({ config: { 'num.partitions': 1, 'group.initial.rebalance.delay.ms': 0 } });
  });
  after(async () => {
    await broker.stop();
  });

  it('run as written, and the transaction example copies orders exactly once', async () => {
    const examples = clientExamples();
    assert.ok(examples.length >= 3, `producer, group and transaction examples, found ${examples.length}`);
    for (const [i, source] of examples.entries()) {
      if (source.includes("transactionalId: 'uppercaser-1'")) {
        const seed = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
        await seed.sendBatch(['a', 'b', 'c'].map((value) => ({ topic: 'orders', partition: 0, value })));
        await seed.close();
      }
      const js = ts.transpileModule(source.replaceAll('localhost:9092', broker.bootstrap), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      // Beside the tests, so that `@samsa/client` resolves to this workspace package.
      const file = join(HERE, `readme-example-${process.pid}-${i}.mjs`);
      writeFileSync(file, js);
      const log = console.log;
      console.log = () => {}; // The examples print what they read; the test checks it instead.
      try {
        await within(60_000, import(file), `README example ${i + 1}`);
      } finally {
        console.log = log;
        rmSync(file, { force: true });
      }
    }
    const copied = await readValues(broker.bootstrap, 'orders-upper', 'read_committed', { expect: 3 });
    assert.deepEqual(copied, ['A', 'B', 'C']);
  });
});
