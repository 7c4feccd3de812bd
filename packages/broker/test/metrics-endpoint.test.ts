/**
 * The admin HTTP listener's /metrics against a running broker, driven by @samsa/client and the raw
 * protocol: BrokerTopicMetrics move by exactly the records and bytes produced and fetched, failed
 * produces are counted as Kafka counts them, requests are counted per API, consumer-group lag equals
 * what the Admin reports, OpenMetrics is served when asked, unknown paths get the shared JSON 404,
 * and the listener is off unless configured.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import {
  apis,
  defaultFetchRequest,
  defaultFetchRequestFetchPartition,
  defaultFetchRequestFetchTopic,
  defaultMetadataRequest,
  encodeRecordBatch,
  type FetchRequest,
} from '@samsa/protocol';
import { startBroker } from '../src/index.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { type Scrape, scrape } from './support/prom-text.js';
import { RawClient } from './support/raw-client.js';

const ADMIN = { 'admin.listeners': 'http://127.0.0.1:0' };

function fetchPartition(topic: string, partition: number): FetchRequest {
  const req = { ...defaultFetchRequest(), replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 50 * 1024 * 1024 };
  const t = defaultFetchRequestFetchTopic();
  t.topic = topic;
  const p = defaultFetchRequestFetchPartition();
  p.partition = partition;
  p.fetchOffset = 0n;
  p.partitionMaxBytes = 10 * 1024 * 1024;
  t.partitions.push(p);
  req.topics.push(t);
  return req;
}

describe('broker /metrics', () => {
  let fx: TestBroker;
  let url: string;
  let admin: Admin;
  let raw: RawClient;

  before(async () => {
    fx = await startTestBroker({ config: ADMIN });
    url = fx.broker.adminUrls[0] as string;
    admin = new Admin({ bootstrapServers: fx.bootstrap, logger: silentLogger });
    raw = await RawClient.open(fx.broker.port);
    await admin.createTopics([
      { name: 'm', numPartitions: 2, replicationFactor: 1 },
      { name: 'strict', numPartitions: 1, replicationFactor: 1, configs: { 'min.insync.replicas': '2' } },
    ]);
  });
  after(async () => {
    raw?.close();
    await admin?.close();
    await fx?.stop();
  });

  const topicValue = (s: Scrape, name: string, topic: string) =>
    s.value(`kafka_server_brokertopicmetrics_${name}_total`, { topic });

  it('counts the records and bytes produced with @samsa/client exactly, per topic and in total', async () => {
    const before = await scrape(url);
    const producer = new Producer({ bootstrapServers: fx.bootstrap, logger: silentLogger, lingerMs: 5 });
    const N = 37;
    try {
      await Promise.all(
        Array.from({ length: N }, (_, i) => producer.send({ topic: 'm', partition: i % 2, value: `record-${i}` })),
      );
    } finally {
      await producer.close();
    }
    const afterProduce = await scrape(url);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      afterProduce.value(name, labels) - before.value(name, labels);
    assert.equal(delta('kafka_server_brokertopicmetrics_messagesin_total', { topic: 'm' }), N);
    assert.equal(delta('kafka_server_brokertopicmetrics_messagesin_total'), N);
    // The log stores the produced batches byte for byte, so bytes in equal the logs' growth.
    const logBytes =
      afterProduce.value('kafka_log_log_size', { topic: 'm', partition: '0' }) +
      afterProduce.value('kafka_log_log_size', { topic: 'm', partition: '1' });
    assert.ok(logBytes > 0);
    assert.equal(delta('kafka_server_brokertopicmetrics_bytesin_total', { topic: 'm' }), logBytes);
    assert.equal(delta('kafka_server_brokertopicmetrics_bytesin_total'), logBytes);
    assert.equal(afterProduce.value('kafka_log_log_logendoffset', { topic: 'm', partition: '0' }), Math.ceil(N / 2));
    assert.equal(afterProduce.value('kafka_log_log_logendoffset', { topic: 'm', partition: '1' }), Math.floor(N / 2));

    const res = await raw.request(apis[1], 4, fetchPartition('m', 0));
    const sent = res.responses[0]?.partitions[0]?.records?.length ?? 0;
    assert.equal(sent, afterProduce.value('kafka_log_log_size', { topic: 'm', partition: '0' }));
    const afterFetch = await scrape(url);
    assert.equal(topicValue(afterFetch, 'bytesout', 'm') - topicValue(afterProduce, 'bytesout', 'm'), sent);
  });

  it('counts failed produce requests as Kafka does: NOT_ENOUGH_REPLICAS counts, an unknown partition does not', async () => {
    const before = await scrape(url);
    const records = encodeRecordBatch({ records: [{ value: Buffer.from('x') }] });
    const produce = (topic: string, index: number) =>
      raw.request(apis[0], 9, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 1000,
        topicData: [{ name: topic, partitionData: [{ index, records }] }],
      });
    for (let i = 0; i < 3; i++) {
      const r = await produce('strict', 0);
      assert.equal(r.responses[0]?.partitionResponses[0]?.errorCode, 19); // NOT_ENOUGH_REPLICAS
    }
    const unknown = await produce('m', 9);
    assert.equal(unknown.responses[0]?.partitionResponses[0]?.errorCode, 3); // UNKNOWN_TOPIC_OR_PARTITION
    const after = await scrape(url);
    assert.equal(
      topicValue(after, 'failedproducerequests', 'strict') - topicValue(before, 'failedproducerequests', 'strict'),
      3,
    );
    assert.equal(topicValue(after, 'failedproducerequests', 'm') - topicValue(before, 'failedproducerequests', 'm'), 0);
    assert.equal(
      after.value('kafka_server_brokertopicmetrics_failedproducerequests_total') -
        before.value('kafka_server_brokertopicmetrics_failedproducerequests_total'),
      3,
    );
    assert.equal(topicValue(after, 'messagesin', 'strict'), 0);
  });

  it('counts requests per API and publishes their total-time percentiles', async () => {
    const before = await scrape(url);
    for (let i = 0; i < 5; i++) await raw.request(apis[3], 1, { ...defaultMetadataRequest(), topics: [] });
    await raw.request(apis[18], 0, {} as never);
    const after = await scrape(url);
    const requests = (s: Scrape, request: string) =>
      s.value('kafka_network_requestmetrics_requests_total', { request });
    assert.equal(requests(after, 'Metadata') - requests(before, 'Metadata'), 5);
    assert.equal(requests(after, 'ApiVersions') - requests(before, 'ApiVersions'), 1);
    const p99 = after.value('kafka_network_requestmetrics_totaltimems', { request: 'Metadata', quantile: '0.99' });
    assert.ok(Number.isFinite(p99) && p99 >= 0);
    assert.ok(after.has('kafka_server_socket_server_metrics_connection_count', { listener: 'PLAINTEXT' }));
    assert.ok(
      after.value('kafka_server_socket_server_metrics_connection_count', {
        listener: 'PLAINTEXT',
        networkProcessor: '0',
      }) >= 1,
    );
  });

  it("exports a group's committed offsets and lag equal to what the Admin reports", async () => {
    await admin.alterGroupOffsets('billing', [
      { topic: 'm', partition: 0, offset: 3 },
      { topic: 'm', partition: 1, offset: 10 },
    ]);
    const reported = await admin.listGroupOffsets('billing');
    const s = await scrape(url);
    let sum = 0;
    for (const o of reported) {
      const labels = { consumergroup: 'billing', topic: o.topic, partition: String(o.partition) };
      assert.equal(s.value('kafka_consumergroup_lag', labels), Number(o.lag), `lag of ${o.topic}-${o.partition}`);
      assert.equal(s.value('kafka_consumergroup_current_offset', labels), Number(o.offset));
      sum += Number(o.lag);
    }
    assert.equal(reported.length, 2);
    assert.ok(sum > 0);
    assert.equal(s.value('kafka_consumergroup_lag_sum', { consumergroup: 'billing', topic: 'm' }), sum);
  });

  it('reports the replica manager and controller gauges of a single node', async () => {
    const s = await scrape(url);
    const partitions = s.value('kafka_server_replicamanager_partitioncount');
    assert.ok(partitions >= 3); // m-0, m-1, strict-0 (and __consumer_offsets)
    assert.equal(s.value('kafka_server_replicamanager_leadercount'), partitions);
    assert.equal(s.value('kafka_server_replicamanager_underreplicatedpartitions'), 0);
    assert.equal(s.value('kafka_controller_kafkacontroller_activecontrollercount'), 1);
    assert.equal(s.value('kafka_controller_kafkacontroller_offlinepartitionscount'), 0);
  });

  it('answers OpenMetrics when the Accept header asks for it, Prometheus text otherwise', async () => {
    const om = await fetch(`${url}/metrics`, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    assert.match(om.headers.get('content-type') ?? '', /^application\/openmetrics-text; version=1\.0\.0/);
    const text = await om.text();
    assert.match(text, /# EOF\n?$/);
    assert.match(text, /^# TYPE kafka_server_brokertopicmetrics_messagesin counter$/m);
    const plain = await fetch(`${url}/metrics`);
    assert.match(plain.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const plainText = await plain.text();
    assert.doesNotMatch(plainText, /# EOF/);
    // After an OpenMetrics scrape the Prometheus text still names counters with _total.
    assert.match(plainText, /^# TYPE kafka_server_brokertopicmetrics_messagesin_total counter$/m);
    assert.match(plainText, /^process_cpu_seconds_total /m);
  });

  it('answers an unknown path with the shared JSON 404, and the status routes', async () => {
    const res = await fetch(`${url}/no/such/path`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await res.json(), { error_code: 404, message: 'HTTP 404 Not Found' });
    assert.equal((await fetch(`${url}/v1/status/live`)).status, 200);
    const ready = await fetch(`${url}/v1/status/ready`);
    assert.equal(ready.status, 200);
    const brokers = (await (await fetch(`${url}/v1/brokers`)).json()) as Array<Record<string, unknown>>;
    assert.deepEqual(
      brokers.map((b) => [b.node_id, b.port, b.is_controller]),
      [[0, fx.broker.port, true]],
    );
    const parts = (await (await fetch(`${url}/v1/partitions?topic=m`)).json()) as Array<Record<string, unknown>>;
    assert.deepEqual(
      parts.map((p) => [p.topic, p.partition_id, p.leader_id, p.under_replicated]),
      [
        ['m', 0, 0, false],
        ['m', 1, 0, false],
      ],
    );
    const missing = await fetch(`${url}/v1/partitions?topic=nope`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error_code: 404, message: 'topic nope does not exist' });
  });
});

describe('broker admin listener configuration', () => {
  it('opens no HTTP port unless admin.listeners is set', async () => {
    // Count listening servers in this process before and after: only the Kafka listener may appear.
    const listening = () =>
      (process as unknown as { _getActiveHandles(): unknown[] })
        ._getActiveHandles()
        .filter((h) => h instanceof Server && h.listening).length;
    const before = listening();
    const fx = await startTestBroker();
    try {
      assert.deepEqual(fx.broker.adminUrls, []);
      assert.equal(listening() - before, 1);
    } finally {
      await fx.stop();
    }
    const withAdmin = await startTestBroker({ config: ADMIN });
    try {
      assert.equal(withAdmin.broker.adminUrls.length, 1);
      assert.equal(listening() - before, 2);
    } finally {
      await withAdmin.stop();
    }
  });

  it('drops per-partition series when metrics.partition.series.enable is false', async () => {
    const fx = await startTestBroker({ config: { ...ADMIN, 'metrics.partition.series.enable': 'false' } });
    const admin = new Admin({ bootstrapServers: fx.bootstrap, logger: silentLogger });
    try {
      await admin.createTopics([{ name: 'quiet', numPartitions: 2, replicationFactor: 1 }]);
      await admin.alterGroupOffsets('g', [{ topic: 'quiet', partition: 0, offset: 0 }]);
      const s = await scrape(fx.broker.adminUrls[0] as string);
      assert.equal(s.has('kafka_log_log_size'), false);
      assert.equal(s.has('kafka_consumergroup_lag'), false);
      assert.equal(s.value('kafka_consumergroup_lag_sum', { consumergroup: 'g', topic: 'quiet' }), 0);
      assert.ok(s.has('kafka_consumergroup_lag_sum', { consumergroup: 'g' }));
      assert.equal(s.value('kafka_server_replicamanager_partitioncount') >= 2, true);
    } finally {
      await admin.close();
      await fx.stop();
    }
  });

  it('refuses an admin listener that is not an http URL, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-test-'));
    try {
      await assert.rejects(
        startBroker({ logDirs: dir, config: { 'admin.listeners': 'PLAINTEXT://127.0.0.1:0' } }),
        (err: Error) => {
          assert.match(err.message, /admin\.listeners/);
          assert.match(err.message, /only http:\/\//);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
