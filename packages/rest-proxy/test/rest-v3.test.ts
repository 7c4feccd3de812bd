/**
 * The REST proxy embedded in a test broker (`rest.proxy.listeners`), by Confluent's v3 paths and
 * bodies: the cluster and its brokers, topics created, described, listed and deleted (201, 204,
 * 40002 for an existing topic, 404 for an unknown one), partitions, and records produced as JSON,
 * BINARY and STRING — one, or several concatenated with one delivery report each — then read back
 * with @samsa/client; topic and broker configs; consumer groups, their members, lags and lag
 * summary after a group committed part of a topic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Consumer, Producer, silentLogger } from '@samsa/client';
import { splitConcatenatedJson } from '../src/index.js';

async function call(base: string, method: string, path: string, body?: unknown, raw?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined && raw === undefined ? {} : { 'content-type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes
  return { status: res.status, body: parsed as any, text };
}

describe('REST proxy v3', () => {
  let broker: TestBroker;
  let base: string;
  let cluster: string;
  before(async () => {
    broker = await startTestBroker({ config: { 'rest.proxy.listeners': 'http://127.0.0.1:0' } });
    base = await (broker.broker.restProxy?.serving() as Promise<string>);
  });
  after(async () => {
    await broker?.stop();
  });

  it('describes the cluster and its brokers', async () => {
    const list = await call(base, 'GET', '/v3/clusters');
    assert.equal(list.status, 200);
    assert.equal(list.body.kind, 'KafkaClusterList');
    cluster = list.body.data[0].cluster_id;
    assert.ok(cluster.length > 0);
    const c = await call(base, 'GET', `/v3/clusters/${cluster}`);
    assert.equal(c.body.kind, 'KafkaCluster');
    assert.equal(c.body.metadata.resource_name, `crn:///kafka=${cluster}`);
    assert.equal(c.body.topics.related, `${base}/v3/clusters/${cluster}/topics`);
    const brokers = await call(base, 'GET', `/v3/clusters/${cluster}/brokers`);
    assert.equal(brokers.body.data.length, 1);
    assert.equal(brokers.body.data[0].port, broker.port);
    const b = await call(base, 'GET', `/v3/clusters/${cluster}/brokers/${brokers.body.data[0].broker_id}`);
    assert.equal(b.body.kind, 'KafkaBroker');
    assert.equal((await call(base, 'GET', `/v3/clusters/${cluster}/brokers/77`)).status, 404);
    const other = await call(base, 'GET', '/v3/clusters/nope');
    assert.deepEqual(other.body, { error_code: 404, message: 'Cluster nope cannot be found.' });
  });

  it('creates, describes, lists and deletes topics', async () => {
    const created = await call(base, 'POST', `/v3/clusters/${cluster}/topics`, {
      topic_name: 'rest-t',
      partitions_count: 3,
      replication_factor: 1,
      configs: [{ name: 'cleanup.policy', value: 'compact' }],
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.kind, 'KafkaTopic');
    assert.equal(created.body.partitions_count, 3);
    const again = await call(base, 'POST', `/v3/clusters/${cluster}/topics`, { topic_name: 'rest-t' });
    assert.deepEqual([again.status, again.body.error_code], [400, 40002]);
    const names = (await call(base, 'GET', `/v3/clusters/${cluster}/topics`)).body.data.map(
      (t: { topic_name: string }) => t.topic_name,
    );
    assert.ok(names.includes('rest-t'));
    const parts = await call(base, 'GET', `/v3/clusters/${cluster}/topics/rest-t/partitions`);
    assert.deepEqual(
      parts.body.data.map((p: { partition_id: number }) => p.partition_id),
      [0, 1, 2],
    );
    assert.equal(
      (await call(base, 'GET', `/v3/clusters/${cluster}/topics/rest-t/partitions/2`)).body.kind,
      'KafkaPartition',
    );
    assert.equal((await call(base, 'GET', `/v3/clusters/${cluster}/topics/rest-t/partitions/9`)).status, 404);
    assert.equal((await call(base, 'GET', `/v3/clusters/${cluster}/topics/missing`)).status, 404);
    assert.equal((await call(base, 'DELETE', `/v3/clusters/${cluster}/topics/rest-t`)).status, 204);
    assert.equal((await call(base, 'DELETE', `/v3/clusters/${cluster}/topics/rest-t`)).status, 404);
  });

  it('produces records (one, or several concatenated) and they are read back', async () => {
    await call(base, 'POST', `/v3/clusters/${cluster}/topics`, { topic_name: 'rest-records', partitions_count: 1 });
    const one = await call(base, 'POST', `/v3/clusters/${cluster}/topics/rest-records/records`, {
      key: { type: 'STRING', data: 'k1' },
      value: { type: 'JSON', data: { n: 1 } },
      headers: [{ name: 'h', value: Buffer.from('hv').toString('base64') }],
    });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(
      { ...one.body, timestamp: undefined },
      {
        error_code: 200,
        cluster_id: cluster,
        topic_name: 'rest-records',
        partition_id: 0,
        offset: 0,
        timestamp: undefined,
        key: { type: 'STRING', size: 2 },
        value: { type: 'JSON', size: 7 },
      },
    );
    const streamed = await call(
      base,
      'POST',
      `/v3/clusters/${cluster}/topics/rest-records/records`,
      undefined,
      `{"value":{"type":"BINARY","data":"${Buffer.from([1, 2, 3]).toString('base64')}"}}\n{"value":{"type":"BINARY","data":"%%"}}{"value":{"type":"STRING","data":"last"}}`,
    );
    assert.equal(streamed.status, 200, streamed.text);
    const reports = splitConcatenatedJson(streamed.text) as Array<{ error_code: number; offset?: number }>;
    assert.deepEqual(
      reports.map((r) => r.error_code),
      [200, 42206, 200],
    );
    assert.deepEqual([reports[0]?.offset, reports[2]?.offset], [1, 2]);
    const unknown = await call(base, 'POST', `/v3/clusters/${cluster}/topics/nope/records`, { value: { data: 1 } });
    assert.equal(unknown.status, 404);

    const consumer = new Consumer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    try {
      consumer.assign([{ topic: 'rest-records', partition: 0 }]);
      await consumer.seekToBeginning();
      const got: Array<{ key: string | null; value: string; headers: number }> = [];
      const deadline = Date.now() + 30_000;
      while (got.length < 3 && Date.now() < deadline) {
        for (const r of await consumer.poll({ timeoutMs: 500 }))
          got.push({
            key: r.key?.toString() ?? null,
            value: (r.value as Buffer).toString('hex'),
            headers: r.headers.length,
          });
      }
      assert.deepEqual(got, [
        { key: 'k1', value: Buffer.from('{"n":1}').toString('hex'), headers: 1 },
        { key: null, value: '010203', headers: 0 },
        { key: null, value: Buffer.from('last').toString('hex'), headers: 0 },
      ]);
    } finally {
      await consumer.close();
    }
  });

  it('describes topic and broker configs', async () => {
    await call(base, 'POST', `/v3/clusters/${cluster}/topics`, {
      topic_name: 'rest-configs',
      configs: [{ name: 'retention.ms', value: '12345' }],
    });
    const configs = await call(base, 'GET', `/v3/clusters/${cluster}/topics/rest-configs/configs`);
    assert.equal(configs.body.kind, 'KafkaTopicConfigList');
    const retention = configs.body.data.find((c: { name: string }) => c.name === 'retention.ms');
    assert.deepEqual(
      [retention.kind, retention.value, retention.is_default, retention.source],
      ['KafkaTopicConfig', '12345', false, 'DYNAMIC_TOPIC_CONFIG'],
    );
    const one = await call(base, 'GET', `/v3/clusters/${cluster}/topics/rest-configs/configs/cleanup.policy`);
    assert.deepEqual([one.body.value, one.body.is_default], ['delete', true]);
    assert.equal((await call(base, 'GET', `/v3/clusters/${cluster}/topics/rest-configs/configs/nope`)).status, 404);
    const brokerId = (await call(base, 'GET', `/v3/clusters/${cluster}/brokers`)).body.data[0].broker_id;
    const brokerConfigs = await call(base, 'GET', `/v3/clusters/${cluster}/brokers/${brokerId}/configs`);
    assert.ok(brokerConfigs.body.data.some((c: { name: string }) => c.name === 'num.partitions'));
  });

  it('lists consumer groups with their members, lags and lag summary', async () => {
    await call(base, 'POST', `/v3/clusters/${cluster}/topics`, { topic_name: 'rest-lag', partitions_count: 1 });
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    await producer.sendBatch(
      Array.from({ length: 10 }, (_, i) => ({ topic: 'rest-lag', value: Buffer.from(String(i)) })),
    );
    await producer.close();
    const consumer = new Consumer({
      bootstrapServers: broker.bootstrap,
      groupId: 'rest-g',
      logger: silentLogger,
      enableAutoCommit: false,
    });
    try {
      await consumer.subscribe(['rest-lag']);
      let seen = 0;
      const deadline = Date.now() + 60_000;
      while (seen < 4 && Date.now() < deadline) seen += (await consumer.poll({ timeoutMs: 500 })).length;
      await consumer.commit([{ topic: 'rest-lag', partition: 0, offset: 4n }]);
      const groups = await call(base, 'GET', `/v3/clusters/${cluster}/consumer-groups`);
      const g = groups.body.data.find((x: { consumer_group_id: string }) => x.consumer_group_id === 'rest-g');
      assert.deepEqual([g.kind, g.state, g.is_simple], ['KafkaConsumerGroup', 'STABLE', false]);
      const consumers = await call(base, 'GET', `/v3/clusters/${cluster}/consumer-groups/rest-g/consumers`);
      assert.equal(consumers.body.data.length, 1);
      const memberId = consumers.body.data[0].consumer_id;
      const lags = await call(base, 'GET', `/v3/clusters/${cluster}/consumer-groups/rest-g/lags`);
      assert.deepEqual(
        lags.body.data.map((l: Record<string, unknown>) => [
          l.topic_name,
          l.partition_id,
          l.current_offset,
          l.log_end_offset,
          l.lag,
          l.consumer_id,
        ]),
        [['rest-lag', 0, 4, 10, 6, memberId]],
      );
      const summary = await call(base, 'GET', `/v3/clusters/${cluster}/consumer-groups/rest-g/lag-summary`);
      assert.deepEqual(
        [summary.body.max_lag, summary.body.total_lag, summary.body.max_lag_topic_name],
        [6, 6, 'rest-lag'],
      );
      assert.equal((await call(base, 'GET', `/v3/clusters/${cluster}/consumer-groups/none`)).status, 404);
    } finally {
      await consumer.close();
    }
  });

  it('splits concatenated JSON, strings with braces included, and refuses garbage', () => {
    assert.deepEqual(splitConcatenatedJson('{"a":"}{"} \n [1]{"b":{"c":"\\""}}'), [
      { a: '}{' },
      [1],
      { b: { c: '"' } },
    ]);
    assert.throws(() => splitConcatenatedJson('{"a":1} x'), SyntaxError);
    assert.throws(() => splitConcatenatedJson('{"a":1'), SyntaxError);
  });
});
