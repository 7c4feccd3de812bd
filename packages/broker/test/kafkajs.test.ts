/**
 * KafkaJS 2.2.4: admin operations (create with configs, list, metadata, offsets, add partitions,
 * delete records, delete topics) and a producer with every codec KafkaJS ships (none, gzip),
 * read back with kcat. (KafkaJS consumers always join a group; that is covered with groups.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectSuccess, kcat } from '@samsa/test-kit';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

describe('KafkaJS', () => {
  let fx: TestBroker;
  let kafka: Kafka;
  before(async () => {
    fx = await startTestBroker();
    kafka = new Kafka({ clientId: 'samsa-test', brokers: [fx.bootstrap], logLevel: logLevel.NOTHING });
  });
  after(async () => {
    await fx.stop();
  });

  it('administers topics', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      assert.equal(
        await admin.createTopics({
          topics: [
            { topic: 'js-admin', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
          ],
        }),
        true,
      );
      assert.equal(await admin.createTopics({ topics: [{ topic: 'js-admin' }] }), false, 'already exists');
      assert.ok((await admin.listTopics()).includes('js-admin'));
      const meta = await admin.fetchTopicMetadata({ topics: ['js-admin'] });
      assert.equal(meta.topics[0]?.partitions.length, 3);
      const configs = await admin.describeConfigs({
        resources: [{ type: 2, name: 'js-admin', configNames: ['retention.ms', 'cleanup.policy'] }],
        includeSynonyms: false,
      });
      const entries = configs.resources[0]?.configEntries ?? [];
      assert.equal(entries.find((e) => e.configName === 'retention.ms')?.configValue, '3600000');
      assert.equal(entries.find((e) => e.configName === 'cleanup.policy')?.configValue, 'delete');
      await admin.createPartitions({ topicPartitions: [{ topic: 'js-admin', count: 5 }] });
      assert.equal((await admin.fetchTopicMetadata({ topics: ['js-admin'] })).topics[0]?.partitions.length, 5);
      await assert.rejects(admin.createTopics({ topics: [{ topic: 'bad name!' }] }), (err: unknown) => {
        const errors = (err as { errors?: Array<{ type?: string }> }).errors ?? [];
        assert.equal(errors[0]?.type, 'INVALID_TOPIC_EXCEPTION');
        return true;
      });
      await admin.deleteTopics({ topics: ['js-admin'] });
      assert.ok(!(await admin.listTopics()).includes('js-admin'));
    } finally {
      await admin.disconnect();
    }
  });

  for (const [name, codec] of [
    ['none', CompressionTypes.None],
    ['gzip', CompressionTypes.GZIP],
  ] as const) {
    it(`produces with ${name}; offsets, delete records and offsets lookups agree`, async () => {
      const topic = `js-${name}`;
      const producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      const acks: string[] = [];
      for (let batch = 0; batch < 5; batch++) {
        const result = await producer.send({
          topic,
          compression: codec,
          acks: -1,
          messages: Array.from({ length: 20 }, (_, i) => ({
            key: `k${i}`,
            value: `v${batch * 20 + i}`,
            headers: { h: `x${i}` },
          })),
        });
        acks.push(result[0]?.baseOffset ?? '');
      }
      await producer.disconnect();
      assert.deepEqual(acks, ['0', '20', '40', '60', '80']);
      const out = expectSuccess(
        await kcat(['-C', '-b', fx.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-f', '%o %k %s %h\\n']),
        'kcat consume',
      ).stdout;
      const rows = out.trim().split('\n');
      assert.equal(rows.length, 100);
      assert.equal(rows[21], '21 k1 v21 h=x1');

      const admin = kafka.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        assert.equal(offsets[0]?.high, '100');
        assert.equal(offsets[0]?.low, '0');
        await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '40' }] });
        const after = await admin.fetchTopicOffsets(topic);
        assert.equal(after[0]?.low, '40');
        const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() + 60_000);
        assert.equal(byTime[0]?.offset, '100', 'no record that late: the end offset');
      } finally {
        await admin.disconnect();
      }
    });
  }
});
