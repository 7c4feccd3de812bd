/**
 * A handler that throws goes through the one error mapping on the wire: an internal error is
 * answered UNKNOWN_SERVER_ERROR (and logged once with its stack), a storage error with the Kafka
 * code it names, and the same connection goes on serving requests afterwards.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import { StorageError } from '@samsa/storage';
import { pino } from 'pino';
import { KafkaWire } from '../bench/kafka-wire.js';
import { BrokerError } from '../src/errors/broker-error.js';
import { type Broker, startBroker } from '../src/index.js';

/** What a log line says of its `err`: the stack pino serialised from the Error, or the thrown value. */
function loggedError(line: Record<string, unknown> | undefined): string {
  const err = line?.err as { stack?: string } | string | undefined;
  return typeof err === 'object' ? String(err.stack) : String(err);
}

describe('a handler that throws', () => {
  let dir: string;
  let broker: Broker;
  let wire: KafkaWire;
  const logged: Array<Record<string, unknown>> = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-handler-failure-'));
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n')) if (l) logged.push(JSON.parse(l));
        done();
      },
    });
    broker = await startBroker({ logDirs: dir, logger: pino({ level: 'error' }, sink) });
    wire = await KafkaWire.open(broker.bootstrapServers);
  });
  after(async () => {
    wire.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets UNKNOWN_SERVER_ERROR for an internal error, logged once, and the connection keeps serving', async () => {
    const groups = broker.groups;
    const original = groups.listGroups;
    groups.listGroups = () => {
      throw new BrokerError('ILLEGAL_STATE', 'injected by the test');
    };
    try {
      for (const version of [0, 4]) {
        const r = await wire.send(16, version, { statesFilter: [], typesFilter: [] });
        assert.equal(r.errorCode, ErrorCode.UNKNOWN_SERVER_ERROR, `ListGroups v${version}`);
      }
    } finally {
      groups.listGroups = original;
    }
    const failures = logged.filter((l) => loggedError(l).includes('injected by the test'));
    assert.equal(failures.length, 2, 'one log line per failed request');
    assert.match(loggedError(failures[0]), /BrokerError: injected by the test\n\s+at /);
    assert.equal(failures[0]?.api, 16);

    // The same connection still answers, and the handler works again.
    const versions = await wire.send(18, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    assert.equal(versions.errorCode, ErrorCode.NONE);
    const listed = await wire.send(16, 4, { statesFilter: [], typesFilter: [] });
    assert.equal(listed.errorCode, ErrorCode.NONE);
  });

  it("answers a storage error with the Kafka code it names, and a promise's rejection like a throw", async () => {
    const groups = broker.groups;
    const original = groups.listGroups;
    groups.listGroups = () => {
      throw new StorageError('KAFKA_STORAGE_ERROR', 'injected disk failure');
    };
    try {
      const r = await wire.send(16, 4, { statesFilter: [], typesFilter: [] });
      assert.equal(r.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
    } finally {
      groups.listGroups = original;
    }
    // An async handler (InitProducerId awaits the transaction coordinator) whose promise rejects.
    const txns = broker.txns;
    const ensureReady = txns.ensureReady;
    txns.ensureReady = () => Promise.reject(new TypeError('injected bug'));
    try {
      const r = await wire.send(22, 4, {
        transactionalId: 'tx',
        transactionTimeoutMs: 60_000,
        producerId: -1n,
        producerEpoch: -1,
      });
      assert.equal(r.errorCode, ErrorCode.UNKNOWN_SERVER_ERROR);
    } finally {
      txns.ensureReady = ensureReady;
    }
    const again = await wire.send(18, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    assert.equal(again.errorCode, ErrorCode.NONE);
  });
});
