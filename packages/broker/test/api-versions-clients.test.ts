/**
 * ApiVersions v3 as Kafka 4.x clients read it, so that they choose what Samsa implements:
 * - No GetTelemetrySubscriptions (71) or PushTelemetry (72): Kafka's brokers advertise them only
 *   with a client telemetry receiver plugin (KIP-714), and a client that does not see them never
 *   pushes metrics, and never logs about it.
 * - No finalized transaction.version of 2 or more, and not the request versions that go with it
 *   (Produce v12, EndTxn v5, TxnOffsetCommit v5): a Kafka 4.x producer turns on KIP-890's second
 *   part (transaction version 2) only when the feature is finalized, and Samsa runs the first.
 * - DescribeTopicPartitions (75) v0, which Kafka 3.9/4.x admin clients page describeTopics with.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiVersionsResponse, apis } from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

describe('ApiVersions as Kafka 4.x clients read it', () => {
  let fx: TestBroker;
  let r: ApiVersionsResponse;

  before(async () => {
    fx = await startTestBroker();
    const c = await RawClient.open(fx.broker.port);
    try {
      r = await c.request(apis[18], 3, {
        clientSoftwareName: 'apache-kafka-java',
        clientSoftwareVersion: '4.1.2',
      });
    } finally {
      c.close();
    }
  });
  after(async () => {
    await fx.stop();
  });

  const range = (key: number) => r.apiKeys.find((k) => k.apiKey === key);

  it('leaves out the telemetry APIs, as a broker without a telemetry receiver does', () => {
    assert.equal(r.errorCode, 0);
    assert.equal(range(71), undefined);
    assert.equal(range(72), undefined);
  });

  it('finalizes no transaction.version 2 and advertises none of its request versions', () => {
    const tv = r.finalizedFeatures.find((f) => f.name === 'transaction.version');
    assert.ok(tv === undefined || tv.maxVersionLevel < 2, JSON.stringify(r.finalizedFeatures));
    assert.ok((range(0)?.maxVersion ?? 0) <= 11, 'Produce v12 is transaction version 2');
    assert.ok((range(26)?.maxVersion ?? 0) <= 4, 'EndTxn v5 is transaction version 2');
    assert.ok((range(28)?.maxVersion ?? 0) <= 4, 'TxnOffsetCommit v5 is transaction version 2');
  });

  it('advertises DescribeTopicPartitions v0', () => {
    assert.deepEqual(range(75), { apiKey: 75, minVersion: 0, maxVersion: 0 });
  });
});
