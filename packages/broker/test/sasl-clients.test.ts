/**
 * Real clients over SASL_PLAINTEXT: Apache Kafka's kafka-configs (ConfigCommand) creates a SCRAM
 * credential through AlterUserScramCredentials and shows it with --describe; kcat then uses it
 * with SCRAM-SHA-512; kafka-python with PLAIN and SCRAM-SHA-256; confluent-kafka and KafkaJS with
 * SCRAM. Wrong passwords are refused to each.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expectSuccess, kafkaJava, kcat, python, referencesMissing } from '@samsa/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

const JAAS =
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";';

describe('SASL with real clients', () => {
  let fx: TestBroker;
  let sasl: string;
  let tmp: string;
  before(async () => {
    fx = await startTestBroker({
      config: {
        listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
        'security.inter.broker.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism.inter.broker.protocol': 'PLAIN',
        'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
        'listener.name.sasl_plaintext.plain.sasl.jaas.config': JAAS,
        'connection.failed.authentication.delay.ms': 10,
      },
    });
    sasl = fx.bootstrap;
    tmp = mkdtempSync(join(tmpdir(), 'samsa-sasl-clients-'));
  });
  after(async () => {
    await fx.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const kcatScram = (mechanism: string, password: string) => [
    '-X',
    'security.protocol=SASL_PLAINTEXT',
    '-X',
    `sasl.mechanisms=${mechanism}`,
    '-X',
    'sasl.username=bob',
    '-X',
    `sasl.password=${password}`,
  ];

  it(
    'kafka-configs creates SCRAM credentials that kcat then uses with SCRAM-SHA-512',
    { skip: referencesMissing() },
    async () => {
      const props = join(tmp, 'admin.properties');
      writeFileSync(
        props,
        [
          'security.protocol=SASL_PLAINTEXT',
          'sasl.mechanism=PLAIN',
          'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret";',
        ].join('\n'),
      );
      const configs = (args: string[]) =>
        kafkaJava('4.1.2', 'kafka.admin.ConfigCommand', [
          '--bootstrap-server',
          sasl,
          '--command-config',
          props,
          ...args,
        ]);
      expectSuccess(
        await configs([
          '--alter',
          '--entity-type',
          'users',
          '--entity-name',
          'bob',
          '--add-config',
          'SCRAM-SHA-512=[iterations=8192,password=bob-secret],SCRAM-SHA-256=[password=bob-secret]',
        ]),
        'kafka-configs --alter',
      );
      const described = expectSuccess(
        await configs(['--describe', '--entity-type', 'users', '--entity-name', 'bob']),
        'kafka-configs --describe',
      ).stdout;
      assert.match(described, /SCRAM-SHA-512=iterations=8192/);
      assert.match(described, /SCRAM-SHA-256=iterations=4096/);

      expectSuccess(
        await kcat(['-P', '-b', sasl, '-t', 'scram-topic', ...kcatScram('SCRAM-SHA-512', 'bob-secret')], {
          input: 'one\ntwo\n',
        }),
        'kcat produce',
      );
      const out = expectSuccess(
        await kcat([
          '-C',
          '-b',
          sasl,
          '-t',
          'scram-topic',
          '-o',
          'beginning',
          '-e',
          ...kcatScram('SCRAM-SHA-512', 'bob-secret'),
        ]),
        'kcat consume',
      ).stdout;
      assert.deepEqual(out.trim().split('\n'), ['one', 'two']);
      const refused = await kcat(['-L', '-b', sasl, '-m', '3', ...kcatScram('SCRAM-SHA-512', 'wrong')], {
        timeoutMs: 20_000,
      });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /invalid credentials with SASL mechanism SCRAM-SHA-512/);

      expectSuccess(
        await configs([
          '--alter',
          '--entity-type',
          'users',
          '--entity-name',
          'bob',
          '--delete-config',
          'SCRAM-SHA-512',
        ]),
        'kafka-configs --delete-config',
      );
      const gone = await kcat(['-L', '-b', sasl, '-m', '3', ...kcatScram('SCRAM-SHA-512', 'bob-secret')], {
        timeoutMs: 20_000,
      });
      assert.notEqual(gone.code, 0, 'a deleted credential no longer authenticates');
    },
  );

  const pythonRoundTrip = `
import sys
from kafka import KafkaProducer, KafkaConsumer
boot, mech, user, pw, topic = sys.argv[1:6]
common = dict(bootstrap_servers=boot, security_protocol='SASL_PLAINTEXT', sasl_mechanism=mech,
              sasl_plain_username=user, sasl_plain_password=pw)
p = KafkaProducer(**common)
for i in range(5):
    p.send(topic, ('m%d' % i).encode())
p.flush()
p.close()
c = KafkaConsumer(topic, group_id=None, auto_offset_reset='earliest', consumer_timeout_ms=5000, **common)
print(','.join(m.value.decode() for m in c))
`;

  it('kafka-python with PLAIN and with SCRAM-SHA-256', async () => {
    await fx.broker.scram.set(
      'carol',
      'SCRAM-SHA-256',
      (await import('../src/security/sasl/scram-credential.js')).newScramCredential({
        mechanism: 'SCRAM-SHA-256',
        password: 'carol-secret',
        iterations: 4096,
      }),
    );
    for (const [mech, user, pw] of [
      ['PLAIN', 'alice', 'alice-secret'],
      ['SCRAM-SHA-256', 'carol', 'carol-secret'],
    ] as const) {
      const out = expectSuccess(
        await python(pythonRoundTrip, [sasl, mech, user, pw, `py-${mech}`]),
        `kafka-python ${mech}`,
      ).stdout;
      assert.equal(out.trim(), 'm0,m1,m2,m3,m4');
    }
    const bad = await python(pythonRoundTrip, [sasl, 'PLAIN', 'alice', 'wrong', 'py-bad'], 30_000);
    // kafka-python reports a refused authentication during its version probe as NoBrokersAvailable.
    assert.notEqual(bad.code, 0);
    assert.match(
      bad.stderr,
      /Authentication failed: Invalid username or password|AuthenticationFailed|NoBrokersAvailable/,
    );
  });

  it('confluent-kafka with SCRAM-SHA-256', async () => {
    const script = `
import sys
from confluent_kafka import Producer, Consumer
boot = sys.argv[1]
conf = {'bootstrap.servers': boot, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanisms': 'SCRAM-SHA-256',
        'sasl.username': 'carol', 'sasl.password': 'carol-secret'}
p = Producer(conf)
offsets = []
for i in range(3):
    p.produce('ck-scram', value=b'c%d' % i, on_delivery=lambda err, msg: offsets.append(msg.offset() if err is None else str(err)))
p.flush(10)
print(offsets)
c = Consumer(dict(conf, **{'group.id': 'ck', 'auto.offset.reset': 'earliest'}))
c.subscribe(['ck-scram'])
got = []
for _ in range(100):
    m = c.poll(0.2)
    if m is not None and m.error() is None:
        got.append(m.value().decode())
    if len(got) == 3:
        break
c.close()
print(','.join(got))
`;
    const out = expectSuccess(await python(script, [sasl], 60_000), 'confluent-kafka SCRAM')
      .stdout.trim()
      .split('\n');
    assert.deepEqual(out, ['[0, 1, 2]', 'c0,c1,c2']);
  });

  it('KafkaJS with SCRAM-SHA-256, and a wrong password refused', async () => {
    const kafka = (password: string) =>
      new Kafka({
        brokers: [sasl],
        logLevel: logLevel.NOTHING,
        sasl: { mechanism: 'scram-sha-256', username: 'carol', password },
        retry: { retries: 0 },
      });
    const producer = kafka('carol-secret').producer();
    await producer.connect();
    const [meta] = await producer.send({ topic: 'kjs-scram', messages: [{ value: 'k0' }, { value: 'k1' }] });
    assert.equal(meta?.errorCode, 0);
    await producer.disconnect();
    const admin = kafka('carol-secret').admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets('kjs-scram');
    assert.equal(offsets[0]?.high, '2');
    await admin.disconnect();
    const bad = kafka('wrong').admin();
    await assert.rejects(bad.connect(), /SASL SCRAM SHA256 authentication failed|invalid credentials/);
    await bad.disconnect();
  });
});
