/**
 * PrometheusClientMetrics: a producer's and a consumer's metrics appear in an application's own
 * prom-client registry under the JMX exporter's names, read at scrape time (they move after more
 * records), in Prometheus text and OpenMetrics, and a removed client's series go.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { Counter, Registry, type RegistryContentType } from 'prom-client';
import { Consumer } from '../src/consumer/consumer.js';
import { Producer } from '../src/producer/producer.js';
import { PrometheusClientMetrics, prometheusName } from '../src/prometheus.js';
import { topicName, within } from './support/helpers.js';

function sample(text: string, name: string, clientId: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{client_id="${clientId}"}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('client metrics in a prom-client registry', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker({ config: { 'num.partitions': 1 } });
  });
  after(async () => {
    await broker.stop();
  });

  it('names metrics as the JMX exporter names the Java clients', () => {
    assert.equal(
      prometheusName({ group: 'producer-metrics', name: 'record-send-rate' }),
      'kafka_producer_producer_metrics_record_send_rate',
    );
    assert.equal(
      prometheusName({ group: 'consumer-fetch-manager-metrics', name: 'records-lag-max' }),
      'kafka_consumer_consumer_fetch_manager_metrics_records_lag_max',
    );
  });

  it("exports a producer's and a consumer's metrics beside the application's own, read at scrape time", async () => {
    const topic = topicName('prom');
    const registry = new Registry<RegistryContentType>();
    const own = new Counter({ name: 'app_requests_total', help: 'the application', registers: [registry] });
    own.inc(2);
    const exported = new PrometheusClientMetrics(registry);
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, clientId: 'p1' });
    const consumer = new Consumer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      clientId: 'c1',
      groupId: 'prom-group',
      autoOffsetReset: 'earliest',
    });
    try {
      exported.add(producer);
      exported.add(consumer);
      const sent = 'kafka_producer_producer_metrics_record_send_total';
      const consumed = 'kafka_consumer_consumer_fetch_manager_metrics_records_consumed_total';
      assert.equal(sample(await registry.metrics(), sent, 'p1'), 0);

      await within(
        20_000,
        producer.sendBatch(Array.from({ length: 25 }, (_, i) => ({ topic, value: `v${i}` }))),
        'send',
      );
      await consumer.subscribe([topic]);
      let seen = 0;
      const deadline = Date.now() + 20_000;
      while (seen < 25 && Date.now() < deadline) seen += (await consumer.poll({ timeoutMs: 500 })).length;
      assert.equal(seen, 25);

      const text = await registry.metrics();
      assert.equal(sample(text, sent, 'p1'), 25);
      assert.equal(sample(text, consumed, 'c1'), 25);
      assert.match(text, /^app_requests_total 2$/m);
      assert.match(text, /^# TYPE kafka_producer_producer_metrics_request_latency_avg gauge$/m);

      registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
      const om = await registry.metrics();
      assert.equal(sample(om, sent, 'p1'), 25);
      assert.match(om, /# EOF\n$/);
      registry.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);

      exported.remove(producer);
      assert.equal(sample(await registry.metrics(), sent, 'p1'), undefined);
    } finally {
      await consumer.close();
      await producer.close();
    }
  });
});
