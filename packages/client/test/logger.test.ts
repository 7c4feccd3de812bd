/**
 * The client's logger option: a user's own object with only the level methods, a pino logger as
 * it is, or by default readable warning lines on stderr. Each receives pino's (fields, msg), and
 * every line names the client (clientId) and the subsystem that wrote it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { createLogger, type LogFields, type LogMethods, silentLogger } from '@samsa/common';
import { Admin } from '../src/admin/admin.js';
import { clientLogger } from '../src/config.js';
import { Consumer } from '../src/consumer/consumer.js';
import { Producer } from '../src/producer/producer.js';
import { topicName, within } from './support/helpers.js';

type Call = { level: string; fields: LogFields | undefined; msg: string };

/** A user's logger as the old API allowed it: the four level methods and nothing else. */
function recorder(): LogMethods & { calls: Call[] } {
  const calls: Call[] = [];
  const at =
    (level: string) =>
    (fieldsOrMsg: LogFields | string, msg?: string): void => {
      if (typeof fieldsOrMsg === 'string') calls.push({ level, fields: undefined, msg: fieldsOrMsg });
      else calls.push({ level, fields: fieldsOrMsg, msg: msg ?? '' });
    };
  return { calls, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Polls until `done` holds or the bound passes. */
async function pollUntil(consumer: Consumer, done: () => boolean): Promise<void> {
  await within(
    10_000,
    (async () => {
      while (!done()) await consumer.poll({ timeoutMs: 100 });
    })(),
    'the expected log call',
  );
}

describe('client logger', () => {
  let broker: TestBroker;
  let topic: string;
  before(async () => {
    broker = await startTestBroker();
    topic = topicName('logger');
    const admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 0 });
    try {
      await admin.createTopics([{ name: topic, numPartitions: 1 }]);
      await producer.send({ topic, value: 'only' });
    } finally {
      await producer.close();
      await admin.close();
    }
  });
  after(() => broker.stop());

  it("a user's object with only the level methods gets (fields, msg) with the client's and the subsystem's names", async () => {
    const log = recorder();
    const consumer = new Consumer({ bootstrapServers: broker.bootstrap, clientId: 'mine', logger: log });
    try {
      consumer.assign([{ topic, partition: 0 }]);
      consumer.seek({ topic, partition: 0 }, 50);
      await pollUntil(consumer, () => log.calls.some((c) => c.msg === 'fetch offset out of range'));
    } finally {
      await consumer.close();
    }
    const call = log.calls.find((c) => c.msg === 'fetch offset out of range');
    assert.deepEqual(call, {
      level: 'info',
      fields: { clientId: 'mine', subsystem: 'fetcher', topic, partition: 0, offset: 50n },
      msg: 'fetch offset out of range',
    });
  });

  it('a pino logger is used as it is: JSON lines with its children', async () => {
    const lines: string[] = [];
    const pino = createLogger({ level: 'debug', destination: { write: (l: string) => lines.push(l) } });
    const consumer = new Consumer({ bootstrapServers: broker.bootstrap, clientId: 'json', logger: pino });
    const outOfRange = () => lines.some((l) => l.includes('"msg":"fetch offset out of range"'));
    try {
      consumer.assign([{ topic, partition: 0 }]);
      consumer.seek({ topic, partition: 0 }, 50);
      await pollUntil(consumer, outOfRange);
    } finally {
      await consumer.close();
    }
    const line = JSON.parse(lines.find((l) => l.includes('"msg":"fetch offset out of range"')) ?? '{}');
    assert.equal(line.level, 30);
    assert.equal(line.clientId, 'json');
    assert.equal(line.subsystem, 'fetcher');
    assert.equal(line.offset, 50, 'the bigint offset is written as a number');
  });

  it('by default, warnings and errors go to stderr as readable lines naming the client; info does not', () => {
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stderr.write;
    try {
      const log = clientLogger(undefined, 'producer-7').child({ subsystem: 'sender' });
      log.info({ topic: 't' }, 'not shown');
      log.warn({ topic: 't', partition: 0, error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' }, 'sequence error');
    } finally {
      process.stderr.write = original;
    }
    assert.equal(written.length, 1, written.join(''));
    assert.match(
      written[0] ?? '',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN \[samsa-client\] sequence error clientId=producer-7 subsystem=sender topic=t partition=0 error=OUT_OF_ORDER_SEQUENCE_NUMBER\n$/,
    );
  });
});
