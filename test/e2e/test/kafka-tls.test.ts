/**
 * Apache Kafka's own tools (the Java client's TLS stack) against a Samsa broker whose SSL listener
 * requires client certificates, configured as Kafka's users configure them: client.properties
 * with security.protocol=SSL and PEM stores (kafka-topics --command-config, the console producer
 * and consumer with --producer.config / --consumer.config). Host name verification is on (the
 * broker's certificate names localhost and 127.0.0.1).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import {
  createTestCa,
  expectSuccess,
  KAFKA_VERSIONS,
  kafkaJava,
  referencesMissing,
  type TestCa,
} from '@samsa/test-kit';

const skip = referencesMissing();
const TOPIC_COMMAND = 'org.apache.kafka.tools.TopicCommand';
const CONSOLE_CONSUMER = 'org.apache.kafka.tools.consumer.ConsoleConsumer';
const CONSOLE_PRODUCER = { '3.9.2': 'kafka.tools.ConsoleProducer', '4.1.2': 'org.apache.kafka.tools.ConsoleProducer' };

describe("Apache Kafka's tools over mutual TLS", { skip, timeout: 300_000 }, () => {
  let ca: TestCa;
  let broker: Broker;
  let bootstrap: string;
  let clientConfig: string;

  before(async () => {
    ca = createTestCa();
    const serverStore = join(ca.dir, 'server-store.pem');
    writeFileSync(serverStore, ca.read(ca.server.key) + ca.read(ca.server.cert));
    broker = await startBroker({
      logDirs: join(ca.dir, 'logs'),
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': serverStore,
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': ca.caCert,
        'ssl.client.auth': 'required',
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    bootstrap = `localhost:${broker.listenerPort('SSL')}`;
    const java = ca.client('java');
    const clientStore = join(ca.dir, 'java-store.pem');
    writeFileSync(clientStore, ca.read(java.key) + ca.read(java.cert));
    clientConfig = join(ca.dir, 'client.properties');
    writeFileSync(
      clientConfig,
      [
        'security.protocol=SSL',
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${ca.caCert}`,
        'ssl.keystore.type=PEM',
        `ssl.keystore.location=${clientStore}`,
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await broker?.stop();
    ca?.remove();
  });

  for (const version of KAFKA_VERSIONS) {
    const topic = `tls-${version.replaceAll('.', '-')}`;

    it(`${version}: kafka-topics, the console producer and the console consumer work over SSL`, async () => {
      const created = expectSuccess(
        await kafkaJava(version, TOPIC_COMMAND, [
          '--bootstrap-server',
          bootstrap,
          '--command-config',
          clientConfig,
          '--create',
          '--topic',
          topic,
          '--partitions',
          '1',
        ]),
        'kafka-topics --create over SSL',
      );
      assert.equal(created.stdout.trim(), `Created topic ${topic}.`);
      const lines = Array.from({ length: 20 }, (_, i) => `line-${i}`);
      expectSuccess(
        await kafkaJava(
          version,
          CONSOLE_PRODUCER[version],
          ['--bootstrap-server', bootstrap, '--producer.config', clientConfig, '--topic', topic],
          { input: `${lines.join('\n')}\n` },
        ),
        'kafka-console-producer over SSL',
      );
      const consumed = expectSuccess(
        await kafkaJava(version, CONSOLE_CONSUMER, [
          '--bootstrap-server',
          bootstrap,
          '--consumer.config',
          clientConfig,
          '--topic',
          topic,
          '--from-beginning',
          '--max-messages',
          '20',
        ]),
        'kafka-console-consumer over SSL',
      );
      assert.deepEqual(consumed.stdout.trim().split('\n'), lines);
    });
  }
});
