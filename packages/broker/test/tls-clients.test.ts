/**
 * The clients users run, over mutual TLS against a broker whose SSL listener requires client
 * certificates: kafka-python and confluent-kafka (Debian's, under /usr/bin/python3) and KafkaJS
 * each produce and read back their own records, with the CA, certificate and key as PEM files.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestCa, expectSuccess, python, type TestCa } from '@samsa/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

const KAFKA_PYTHON = `
import sys
from kafka import KafkaProducer, KafkaConsumer
bootstrap, topic, ca, cert, key = sys.argv[1:6]
ssl = dict(security_protocol='SSL', ssl_cafile=ca, ssl_certfile=cert, ssl_keyfile=key, ssl_check_hostname=True)
p = KafkaProducer(bootstrap_servers=bootstrap, **ssl)
for i in range(10):
    p.send(topic, key=b'k%d' % i, value=b'kafka-python-%d' % i).get(timeout=20)
p.close()
c = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset='earliest', consumer_timeout_ms=8000, **ssl)
got = []
for m in c:
    got.append(m.value.decode())
    if len(got) == 10:
        break
c.close()
print('\\n'.join(got))
`;

const CONFLUENT = `
import sys
from confluent_kafka import Producer, Consumer
bootstrap, topic, ca, cert, key = sys.argv[1:6]
ssl = {'security.protocol': 'SSL', 'ssl.ca.location': ca, 'ssl.certificate.location': cert, 'ssl.key.location': key}
p = Producer({'bootstrap.servers': bootstrap, **ssl})
for i in range(10):
    p.produce(topic, key=b'k%d' % i, value=b'confluent-%d' % i)
assert p.flush(20) == 0
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'tls-confluent', 'auto.offset.reset': 'earliest', **ssl})
c.subscribe([topic])
got = []
for _ in range(200):
    m = c.poll(0.2)
    if m is None or m.error():
        continue
    got.append(m.value().decode())
    if len(got) == 10:
        break
c.close()
print('\\n'.join(got))
`;

describe('real clients over mutual TLS', () => {
  let ca: TestCa;
  let fx: TestBroker;
  let bootstrap: string;
  let files: [string, string, string];

  before(async () => {
    ca = createTestCa();
    const store = join(ca.dir, 'server-store.pem');
    writeFileSync(store, ca.read(ca.server.key) + ca.read(ca.server.cert));
    fx = await startTestBroker({
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': store,
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': ca.caCert,
        'ssl.client.auth': 'required',
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    // The name in the broker's certificate, so that host name verification passes.
    bootstrap = `localhost:${fx.broker.listenerPort('SSL')}`;
    const client = ca.client('py');
    files = [ca.caCert, client.cert, client.key];
  });
  after(async () => {
    await fx?.stop();
    ca?.remove();
  });

  const expected = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}-${i}`);

  it('kafka-python produces and consumes over SSL', async () => {
    const out = expectSuccess(await python(KAFKA_PYTHON, [bootstrap, 'tls-kafka-python', ...files]), 'kafka-python');
    assert.deepEqual(out.stdout.trim().split('\n'), expected('kafka-python'));
  });

  it('confluent-kafka produces and consumes in a group over SSL', async () => {
    const out = expectSuccess(await python(CONFLUENT, [bootstrap, 'tls-confluent', ...files]), 'confluent-kafka');
    assert.deepEqual(out.stdout.trim().split('\n'), expected('confluent'));
  });

  it('KafkaJS produces and consumes over SSL', async () => {
    const kafka = new Kafka({
      brokers: [bootstrap],
      logLevel: logLevel.NOTHING,
      ssl: { ca: [ca.read(files[0])], cert: ca.read(files[1]), key: ca.read(files[2]) },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'tls-kafkajs', messages: expected('kafkajs').map((value) => ({ value })) });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: 'tls-kafkajs' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'tls-kafkajs', fromBeginning: true });
    const got: string[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${got.length} records in 20 s`)), 20_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            got.push(String(message.value));
            if (got.length === 10) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    assert.deepEqual(got, expected('kafkajs'));
  });
});
