import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@samsa/common';
import { Admin } from '../src/admin/admin.js';
import { resolveCommon } from '../src/config.js';
import { CLIENT_CONFIG_DEF } from '../src/config-defs.js';
import { Consumer } from '../src/consumer/consumer.js';
import { ClientError } from '../src/errors.js';
import { Producer } from '../src/producer/producer.js';

/** A port nothing listens on: constructors must refuse bad settings before any connection. */
const bootstrapServers = '127.0.0.1:1';

/** Asserts a ClientError INVALID_CONFIG whose message names the Kafka key, the camelCase option and the value. */
function refused(fn: () => unknown, key: string, option: string, value: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ClientError, String(e));
    assert.equal(e.code, 'INVALID_CONFIG');
    assert.ok(e.cause instanceof ConfigError);
    assert.equal(e.cause.key, key);
    assert.equal(e.cause.value, value);
    assert.ok(e.message.startsWith(`Invalid value ${value} for configuration ${key}: `), e.message);
    assert.ok(e.message.endsWith(`(option ${option})`), e.message);
    return true;
  });
}

describe('client configuration (one config module, Kafka names)', () => {
  it("has the Java client's defaults", () => {
    const c = resolveCommon({ bootstrapServers }, 'test');
    assert.equal(c.requestTimeoutMs, 30_000);
    assert.equal(c.connectionsMaxIdleMs, 540_000);
    assert.equal(c.retryBackoffMs, 100);
    assert.equal(c.metadataMaxAgeMs, 300_000);
    assert.equal(CLIENT_CONFIG_DEF.get('linger.ms')?.defaultValue, 5);
    assert.equal(CLIENT_CONFIG_DEF.get('acks')?.defaultValue, 'all');
    assert.equal(CLIENT_CONFIG_DEF.get('request.timeout.ms')?.option, 'requestTimeoutMs');
  });

  it('refuses values outside the range, naming key, option and value', () => {
    refused(
      () => resolveCommon({ bootstrapServers, requestTimeoutMs: 0 }, 't'),
      'request.timeout.ms',
      'requestTimeoutMs',
      '0',
    );
    refused(
      () => resolveCommon({ bootstrapServers, retryBackoffMs: -1 }, 't'),
      'retry.backoff.ms',
      'retryBackoffMs',
      '-1',
    );
    refused(
      () => resolveCommon({ bootstrapServers, requestTimeoutMs: 1.5 }, 't'),
      'request.timeout.ms',
      'requestTimeoutMs',
      '1.5',
    );
    // Zero is allowed where Kafka allows it.
    assert.equal(resolveCommon({ bootstrapServers, reconnectBackoffMs: 0 }, 't').reconnectBackoffMs, 0);
  });

  it('producer, consumer and admin constructors refuse bad settings before connecting', () => {
    refused(() => new Producer({ bootstrapServers, lingerMs: -5 }), 'linger.ms', 'lingerMs', '-5');
    refused(() => new Producer({ bootstrapServers, acks: 2 as 1 }), 'acks', 'acks', '2');
    refused(
      () => new Producer({ bootstrapServers, compressionType: 'brotli' as 'gzip' }),
      'compression.type',
      'compressionType',
      'brotli',
    );
    refused(() => new Consumer({ bootstrapServers, maxPollRecords: 0 }), 'max.poll.records', 'maxPollRecords', '0');
    refused(
      () => new Consumer({ bootstrapServers, autoOffsetReset: 'oldest' as 'earliest' }),
      'auto.offset.reset',
      'autoOffsetReset',
      'oldest',
    );
    refused(
      () => new Consumer({ bootstrapServers, isolationLevel: 'dirty' as 'read_committed' }),
      'isolation.level',
      'isolationLevel',
      'dirty',
    );
    refused(
      () => new Admin({ bootstrapServers, defaultApiTimeoutMs: 0 }),
      'default.api.timeout.ms',
      'defaultApiTimeoutMs',
      '0',
    );
  });

  it('still names bad bootstrap servers', () => {
    assert.throws(
      () => resolveCommon({ bootstrapServers: ' , ' }, 't'),
      (e: unknown) => e instanceof ClientError && e.code === 'INVALID_CONFIG' && /at least one broker/.test(e.message),
    );
    assert.throws(
      () => resolveCommon({ bootstrapServers: 'nohost' }, 't'),
      (e: unknown) => e instanceof ClientError && /is not host:port/.test(e.message),
    );
  });
});
