/**
 * kafka-python 2.0.2 and confluent-kafka (librdkafka) as users run them: the seed documents'
 * producer code with a JSON serializer, a consumer without a group reading from the beginning, and
 * a confluent-kafka producer whose delivery reports carry the offsets the broker assigned.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectSuccess, kcat, python } from '@samsa/test-kit';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

describe('python clients', () => {
  let fx: TestBroker;
  before(async () => {
    fx = await startTestBroker();
  });
  after(async () => {
    await fx.stop();
  });

  it('kafka-python: the seed example producer, then a consumer from the beginning', async () => {
    const produce = `
import json, sys
from kafka import KafkaProducer
producer = KafkaProducer(bootstrap_servers=sys.argv[1], value_serializer=lambda v: json.dumps(v).encode('utf-8'))
for i in range(10):
    producer.send('test_topic', {'key': i, 'value': i * i})
producer.flush()
producer.close()
`;
    expectSuccess(await python(produce, [fx.bootstrap]), 'kafka-python producer');
    const consume = `
import json, sys
from kafka import KafkaConsumer
consumer = KafkaConsumer('test_topic', bootstrap_servers=sys.argv[1], group_id=None,
                         auto_offset_reset='earliest', consumer_timeout_ms=5000,
                         value_deserializer=lambda m: json.loads(m.decode('utf-8')))
for message in consumer:
    print(json.dumps([message.offset, message.value]))
    if message.offset == 9:
        break
consumer.close()
`;
    const out = expectSuccess(await python(consume, [fx.bootstrap]), 'kafka-python consumer').stdout;
    const rows = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as [number, { key: number; value: number }]);
    assert.equal(rows.length, 10);
    rows.forEach(([offset, v], i) => {
      assert.equal(offset, i);
      assert.deepEqual(v, { key: i, value: i * i });
    });
  });

  it('kafka-python: gzip-compressed keyed records', async () => {
    const script = `
import sys
from kafka import KafkaProducer
p = KafkaProducer(bootstrap_servers=sys.argv[1], compression_type='gzip', acks='all')
for i in range(50):
    p.send('py-gzip', key=('k%d' % (i % 5)).encode(), value=('v%d' % i).encode())
p.flush(); p.close()
`;
    expectSuccess(await python(script, [fx.bootstrap]), 'kafka-python gzip producer');
    const out = expectSuccess(
      await kcat(['-C', '-b', fx.bootstrap, '-t', 'py-gzip', '-o', 'beginning', '-e', '-f', '%k=%s\\n']),
      'kcat consume',
    ).stdout;
    assert.deepEqual(
      out.trim().split('\n'),
      Array.from({ length: 50 }, (_, i) => `k${i % 5}=v${i}`),
    );
  });

  it('confluent-kafka: delivery reports carry the assigned offsets for every codec', async () => {
    const script = `
import sys, json
from confluent_kafka import Producer, Consumer, TopicPartition
bootstrap = sys.argv[1]
acked = []
for codec in ['none', 'gzip', 'snappy', 'lz4', 'zstd']:
    topic = 'ck-' + codec
    p = Producer({'bootstrap.servers': bootstrap, 'compression.type': codec, 'acks': 'all', 'linger.ms': 5})
    def report(err, msg):
        if err is not None:
            raise SystemExit('delivery failed: %s' % err)
        acked.append([msg.topic(), msg.offset(), msg.value().decode()])
    for i in range(100):
        p.produce(topic, key=b'k%d' % i, value=b'v%d' % i, on_delivery=report)
    if p.flush(20) != 0:
        raise SystemExit('flush left messages')
    c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'unused', 'enable.auto.commit': False})
    c.assign([TopicPartition(topic, 0, 0)])
    got = []
    while len(got) < 100:
        m = c.poll(10)
        if m is None:
            raise SystemExit('consumer timed out after %d' % len(got))
        if m.error():
            raise SystemExit(str(m.error()))
        got.append([m.offset(), m.value().decode()])
    c.close()
    print(json.dumps({'codec': codec, 'got': got}))
print(json.dumps({'acked': acked}))
`;
    const out = expectSuccess(await python(script, [fx.bootstrap], 90_000), 'confluent-kafka').stdout;
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const acked = (lines.at(-1) as { acked: Array<[string, number, string]> }).acked;
    assert.equal(acked.length, 500);
    for (const line of lines.slice(0, -1)) {
      const { codec, got } = line as { codec: string; got: Array<[number, string]> };
      assert.deepEqual(
        got,
        Array.from({ length: 100 }, (_, i) => [i, `v${i}`]),
        `records of ${codec} read back at their offsets`,
      );
      const ackedHere = acked.filter(([t]) => t === `ck-${codec}`).map(([, o, v]) => [o, v]);
      assert.deepEqual(
        ackedHere.sort((a, b) => Number(a[0]) - Number(b[0])),
        got,
      );
    }
  });
});
