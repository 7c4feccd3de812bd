/**
 * The one mapping from a thrown value to a Kafka error code (errors/kafka-failure.ts), per error
 * class: what code and message each kind of error becomes, and which ones are logged (server-side
 * faults, once, with their stack) and which are not (answers the client caused).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { ConfigError } from '@samsa/common';
import { ErrorCode, KafkaError, ProtocolError } from '@samsa/protocol';
import { FsError, MemoryFileSystem, parseLogConfig, StorageError, type StorageErrorCode } from '@samsa/storage';
import { pino } from 'pino';
import { BrokerError } from '../src/errors/broker-error.js';
import { toKafkaFailure } from '../src/errors/kafka-failure.js';

/** A pino logger whose lines land in `lines`, parsed. */
function capture(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

/** What a log line says of its `err`: the stack pino serialised from the Error, or the thrown value. */
function loggedError(line: Record<string, unknown> | undefined): string {
  const err = line?.err as { stack?: string } | string | undefined;
  return typeof err === 'object' ? String(err.stack) : String(err);
}

describe('toKafkaFailure', () => {
  it('a KafkaError keeps its code and message and is not logged', () => {
    const { logger, lines } = capture();
    const f = toKafkaFailure(new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic 'a' already exists."), logger);
    assert.deepEqual(f, { code: ErrorCode.TOPIC_ALREADY_EXISTS, message: "Topic 'a' already exists." });
    assert.equal(lines.length, 0);
  });

  it("a KafkaError with only its code's default text carries a null message, as Kafka's ApiError", () => {
    const { logger } = capture();
    assert.deepEqual(toKafkaFailure(new KafkaError(ErrorCode.NOT_COORDINATOR), logger), {
      code: ErrorCode.NOT_COORDINATOR,
      message: null,
    });
  });

  it("a StorageError becomes the Kafka code it is named after, with the log's message", () => {
    const codes: StorageErrorCode[] = [
      'KAFKA_STORAGE_ERROR',
      'CORRUPT_MESSAGE',
      'OFFSET_OUT_OF_RANGE',
      'MESSAGE_TOO_LARGE',
      'RECORD_LIST_TOO_LARGE',
      'INVALID_TIMESTAMP',
      'INVALID_RECORD',
      'OUT_OF_ORDER_SEQUENCE_NUMBER',
      'INVALID_PRODUCER_EPOCH',
      'INVALID_TXN_STATE',
    ];
    const { logger } = capture();
    for (const name of codes) {
      const f = toKafkaFailure(new StorageError(name, `because ${name}`), logger);
      assert.deepEqual(f, { code: ErrorCode[name], message: `because ${name}` }, name);
    }
  });

  it('a storage I/O failure is logged once with its stack; a client-caused storage error is not', () => {
    const { logger, lines } = capture();
    toKafkaFailure(new StorageError('OFFSET_OUT_OF_RANGE', 'offset 9 is past the end'), logger);
    assert.equal(lines.length, 0);
    toKafkaFailure(new StorageError('KAFKA_STORAGE_ERROR', 'fsync failed'), logger, { partition: 't-0' });
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.partition, 't-0');
    assert.match(loggedError(lines[0]), /fsync failed\n\s+at /);
  });

  it('a ConfigError (broker or topic config alike: there is one) becomes INVALID_CONFIG', () => {
    const { logger } = capture();
    const broker = ConfigError.invalidValue('num.io.threads', '-1', 'Value must be at least 1');
    assert.deepEqual(toKafkaFailure(broker, logger), { code: ErrorCode.INVALID_CONFIG, message: broker.message });
    let topic: unknown;
    try {
      parseLogConfig({ 'retention.ms': 'x' });
    } catch (e) {
      topic = e;
    }
    assert.ok(topic instanceof ConfigError);
    assert.deepEqual(toKafkaFailure(topic, logger), { code: ErrorCode.INVALID_CONFIG, message: topic.message });
  });

  it('a ProtocolError is the request that did not decode: CORRUPT_MESSAGE for records, else INVALID_REQUEST', () => {
    const { logger, lines } = capture();
    const code = (e: ProtocolError) => toKafkaFailure(e, logger).code;
    assert.equal(code(new ProtocolError('CORRUPT_RECORD', 'bad record')), ErrorCode.CORRUPT_MESSAGE);
    assert.equal(code(new ProtocolError('UNSUPPORTED_COMPRESSION', 'codec 7')), ErrorCode.CORRUPT_MESSAGE);
    assert.equal(code(new ProtocolError('UNSUPPORTED_VERSION', 'v99')), ErrorCode.UNSUPPORTED_VERSION);
    assert.equal(code(new ProtocolError('TRUNCATED', 'short')), ErrorCode.INVALID_REQUEST);
    assert.equal(code(new ProtocolError('INVALID_VALUE', 'bad')), ErrorCode.INVALID_REQUEST);
    assert.equal(lines.length, 0);
  });

  it('a file-system error (node:fs or the memory fs) is KAFKA_STORAGE_ERROR; a socket error is not', () => {
    const { logger } = capture();
    let nodeErr: unknown;
    try {
      readFileSync('/nonexistent/samsa/error-mapping');
    } catch (err) {
      nodeErr = err;
    }
    assert.equal(toKafkaFailure(nodeErr, logger).code, ErrorCode.KAFKA_STORAGE_ERROR);
    let memErr: unknown;
    try {
      new MemoryFileSystem().readFileSync('/missing');
    } catch (err) {
      memErr = err;
    }
    assert.ok(memErr instanceof FsError);
    assert.equal(toKafkaFailure(memErr, logger).code, ErrorCode.KAFKA_STORAGE_ERROR);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    assert.equal(toKafkaFailure(refused, logger).code, ErrorCode.UNKNOWN_SERVER_ERROR);
  });

  it('anything else is UNKNOWN_SERVER_ERROR without its text, logged once with its stack', () => {
    const unexpected: unknown[] = [
      new BrokerError('ILLEGAL_STATE', 'secret internal detail'),
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      'a thrown string',
      undefined,
    ];
    for (const err of unexpected) {
      const { logger, lines } = capture();
      assert.deepEqual(toKafkaFailure(err, logger, { api: 16 }), {
        code: ErrorCode.UNKNOWN_SERVER_ERROR,
        message: null,
      });
      assert.equal(lines.length, 1, String(err));
      assert.equal(lines[0]?.api, 16);
      assert.equal(lines[0]?.level, 50, 'error level');
      if (err instanceof Error) assert.ok(loggedError(lines[0]).includes(err.stack ?? '?'), 'the stack is logged');
    }
  });
});
