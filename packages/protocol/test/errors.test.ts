import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_ERRORS,
  ErrorCode,
  type ErrorName,
  errorInfo,
  errorName,
  isKafkaError,
  isRetriable,
  KafkaError,
  ProtocolError,
  throwIfError,
} from '../src/errors/index.js';

describe('Kafka error table', () => {
  it('spot-checks codes, names and retriability against Kafka 3.8', () => {
    // [name, code, retriable] as in org.apache.kafka.common.protocol.Errors and its exception classes.
    const expected: [ErrorName, number, boolean][] = [
      ['UNKNOWN_SERVER_ERROR', -1, false],
      ['NONE', 0, false],
      ['OFFSET_OUT_OF_RANGE', 1, false],
      ['CORRUPT_MESSAGE', 2, true],
      ['UNKNOWN_TOPIC_OR_PARTITION', 3, true],
      ['LEADER_NOT_AVAILABLE', 5, true],
      ['NOT_LEADER_OR_FOLLOWER', 6, true],
      ['REQUEST_TIMED_OUT', 7, true],
      ['BROKER_NOT_AVAILABLE', 8, false],
      ['REPLICA_NOT_AVAILABLE', 9, true],
      ['MESSAGE_TOO_LARGE', 10, false],
      ['NETWORK_EXCEPTION', 13, true],
      ['COORDINATOR_LOAD_IN_PROGRESS', 14, true],
      ['COORDINATOR_NOT_AVAILABLE', 15, true],
      ['NOT_COORDINATOR', 16, true],
      ['NOT_ENOUGH_REPLICAS', 19, true],
      ['NOT_ENOUGH_REPLICAS_AFTER_APPEND', 20, true],
      ['ILLEGAL_GENERATION', 22, false],
      ['UNKNOWN_MEMBER_ID', 25, false],
      ['REBALANCE_IN_PROGRESS', 27, false],
      ['TOPIC_AUTHORIZATION_FAILED', 29, false],
      ['UNSUPPORTED_VERSION', 35, false],
      ['TOPIC_ALREADY_EXISTS', 36, false],
      ['NOT_CONTROLLER', 41, true],
      ['INVALID_REQUEST', 42, false],
      ['OUT_OF_ORDER_SEQUENCE_NUMBER', 45, false],
      ['INVALID_PRODUCER_EPOCH', 47, false],
      ['CONCURRENT_TRANSACTIONS', 51, true],
      ['KAFKA_STORAGE_ERROR', 56, true],
      ['UNKNOWN_PRODUCER_ID', 59, false],
      ['FETCH_SESSION_ID_NOT_FOUND', 70, true],
      ['INVALID_FETCH_SESSION_EPOCH', 71, true],
      ['FENCED_LEADER_EPOCH', 74, true],
      ['UNKNOWN_LEADER_EPOCH', 75, true],
      ['OFFSET_NOT_AVAILABLE', 78, true],
      ['FENCED_INSTANCE_ID', 82, false],
      ['UNSTABLE_OFFSET_COMMIT', 88, true],
      ['THROTTLING_QUOTA_EXCEEDED', 89, true],
      ['PRODUCER_FENCED', 90, false],
      ['UNKNOWN_TOPIC_ID', 100, true],
      ['INCONSISTENT_TOPIC_ID', 103, true],
      ['FETCH_SESSION_TOPIC_ID_ERROR', 106, true],
      ['OFFSET_MOVED_TO_TIERED_STORAGE', 109, false],
      ['FENCED_MEMBER_EPOCH', 110, false],
      ['STALE_MEMBER_EPOCH', 113, false],
      ['TELEMETRY_TOO_LARGE', 118, false],
      ['TRANSACTION_ABORTABLE', 120, false],
    ];
    for (const [name, code, retriable] of expected) {
      assert.equal(ErrorCode[name], code, name);
      const info = errorInfo(code);
      assert.equal(info.name, name);
      assert.equal(info.retriable, retriable, `${name} retriable`);
      assert.equal(isRetriable(code), retriable);
      assert.equal(errorName(code), name);
    }
  });

  it('covers every code from -1 to 120 with no gaps', () => {
    const codes = ALL_ERRORS.map((e) => e.code);
    assert.deepEqual(
      codes,
      Array.from({ length: 122 }, (_, i) => i - 1),
    );
  });

  it('has unique codes and unique names', () => {
    const codes = Object.values(ErrorCode);
    assert.equal(new Set(codes).size, codes.length);
    const names = ALL_ERRORS.map((e) => e.name);
    assert.equal(new Set(names).size, names.length);
    assert.equal(names.length, Object.keys(ErrorCode).length);
  });

  it('names are Kafka-style UPPER_SNAKE and every error but NONE has a message', () => {
    for (const e of ALL_ERRORS) {
      assert.match(e.name, /^[A-Z][A-Z0-9_]*$/);
      if (e.code === 0) assert.equal(e.message, '');
      else assert.ok(e.message.length > 0, `${e.name} has no message`);
    }
  });

  it("keeps Kafka's default message text", () => {
    assert.equal(errorInfo(ErrorCode.REQUEST_TIMED_OUT).message, 'The request timed out.');
    assert.equal(
      errorInfo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).message,
      'This server does not host this topic-partition.',
    );
    assert.equal(errorInfo(ErrorCode.NOT_COORDINATOR).message, 'This is not the correct coordinator.');
  });

  it('exactly 29 codes are retriable in 3.8', () => {
    assert.equal(ALL_ERRORS.filter((e) => e.retriable).length, 29);
  });

  it('maps unknown codes to a synthetic non-retriable UNKNOWN entry that keeps the number', () => {
    for (const code of [-2, 121, 127, 999, 32767, -32768]) {
      const info = errorInfo(code);
      assert.equal(info.code, code);
      assert.equal(info.name, 'UNKNOWN');
      assert.equal(info.retriable, false);
      assert.match(info.message, new RegExp(String(code)));
      assert.equal(errorName(code), 'UNKNOWN');
      assert.equal(isRetriable(code), false);
    }
  });

  it('hands out frozen entries', () => {
    assert.ok(Object.isFrozen(errorInfo(ErrorCode.NONE)));
    assert.ok(Object.isFrozen(errorInfo(555)));
    assert.ok(Object.isFrozen(ALL_ERRORS));
  });
});

describe('KafkaError', () => {
  it('carries the code, name, retriability and default message', () => {
    const e = new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    assert.ok(e instanceof Error);
    assert.ok(e instanceof KafkaError);
    assert.equal(e.name, 'KafkaError');
    assert.equal(e.code, 6);
    assert.equal(e.errorName, 'NOT_LEADER_OR_FOLLOWER');
    assert.equal(e.retriable, true);
    assert.equal(e.message, errorInfo(6).message);
    assert.match(String(e.stack), /^KafkaError: For requests intended only for the leader/);
  });

  it('lets a message override the default, with null meaning absent', () => {
    const e = KafkaError.fromCode(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic 'orders' already exists.");
    assert.equal(e.message, "Topic 'orders' already exists.");
    assert.equal(e.errorName, 'TOPIC_ALREADY_EXISTS');
    assert.equal(e.retriable, false);
    assert.equal(
      KafkaError.fromCode(ErrorCode.TOPIC_ALREADY_EXISTS, null).message,
      'Topic with this name already exists.',
    );
    assert.equal(KafkaError.fromCode(ErrorCode.TOPIC_ALREADY_EXISTS, '').message, '');
  });

  it('keeps an unknown code', () => {
    const e = KafkaError.fromCode(4242);
    assert.equal(e.code, 4242);
    assert.equal(e.errorName, 'UNKNOWN');
    assert.equal(e.retriable, false);
  });

  it('passes a cause through', () => {
    const cause = new Error('disk');
    const e = new KafkaError(ErrorCode.KAFKA_STORAGE_ERROR, undefined, { cause });
    assert.equal(e.cause, cause);
    assert.equal(e.retriable, true);
  });

  it('throwIfError throws for any code but NONE', () => {
    assert.doesNotThrow(() => throwIfError(ErrorCode.NONE));
    assert.throws(
      () => throwIfError(ErrorCode.REQUEST_TIMED_OUT, 'slow'),
      (e: unknown) => isKafkaError(e) && e.code === 7 && e.message === 'slow' && e.retriable,
    );
  });

  it('is distinct from ProtocolError', () => {
    const p = new ProtocolError('TRUNCATED', 'short');
    assert.equal(isKafkaError(p), false);
    assert.equal(p.name, 'ProtocolError');
  });
});
