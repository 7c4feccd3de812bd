/**
 * Cross-check with Kafka Streams itself (3.9 and 4.1): test/e2e/java/WindowedApp.java (tumbling + final
 * results, hopping, sliding and session counts) runs against a Samsa broker, and the same
 * topology runs in @samsa/streams' TopologyTestDriver with the same application.id on the same
 * input. Every output record (key and value bytes, timestamp), every window and session store
 * changelog record, the suppression buffer's changelog (last value per key: Java writes it at
 * commit, we after every record; its record timestamps are wall-clock time), the internal topics'
 * names and configs, and topology.describe() must be identical. Then Kafka Streams stops and
 * @samsa/streams' KafkaStreams takes the application over (same application.id): it restores
 * every store from the changelogs Java wrote, resumes from Java's committed offsets, and its
 * output for more input equals the uninterrupted driver's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, Producer, silentLogger } from '@samsa/client';
import {
  BufferConfig,
  KafkaStreams,
  layoutTopics,
  Materialized,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  TopologyTestDriver,
  WindowedSerdes,
} from '@samsa/streams';
import { compileJava, JavaApp, referencesMissing } from '@samsa/test-kit';
import { type SamsaUnderTest, startSingleBroker } from './support/samsa-cluster.js';

const SOURCE = join(import.meta.dirname, '..', '..', 'java', 'WindowedApp.java');
const APP = 'windowed-java';
const INPUT = 'events';
const OUTPUTS = ['tumbling', 'final', 'hopping', 'sliding', 'sessions'];

/** Key and offset from a base time: out-of-order records, late ones past grace, sessions that merge. */
const INPUT_RECORDS: Array<[string, number]> = [
  ['a', 1_000],
  ['a', 4_000],
  ['b', 3_000],
  ['a', 12_000],
  ['b', 11_000],
  ['a', 7_000],
  ['c', 15_000],
  ['a', 16_000],
  ['b', 2_000],
  ['a', 21_000],
  ['c', 18_000],
  ['a', 14_000],
  ['b', 30_000],
  ['a', 9_000],
  ['c', 45_000],
  ['a', 28_000],
  ['a', 60_000],
];

function samsaTopology() {
  const str = Serdes.String();
  const long = Serdes.Long();
  const timeWindowed = { keySerde: WindowedSerdes.timeWindowedSerdeFrom(str, 10_000), valueSerde: long };
  const builder = new StreamsBuilder();
  const grouped = builder.stream<string, string>(INPUT, { keySerde: str, valueSerde: str }).groupByKey();
  const tumbling = grouped.windowedBy(TimeWindows.ofSizeAndGrace(10_000, 5_000)).count(Materialized.as('tumbling'));
  tumbling.toStream().to('tumbling', timeWindowed);
  tumbling.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())).toStream().to('final', timeWindowed);
  grouped
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10_000).advanceBy(5_000))
    .count(Materialized.as('hopping'))
    .toStream()
    .to('hopping', timeWindowed);
  grouped
    .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10_000, 5_000))
    .count(Materialized.as('sliding'))
    .toStream()
    .to('sliding', timeWindowed);
  grouped
    .windowedBy(SessionWindows.ofInactivityGapAndGrace(5_000, 5_000))
    .count(Materialized.as('sessions'))
    .toStream()
    .to('sessions', { keySerde: WindowedSerdes.sessionWindowedSerdeFrom(str), valueSerde: long });
  return builder.build();
}

interface Raw {
  key: string | null;
  value: string | null;
  timestamp: number;
  headers: string;
}

const hex = (b: Buffer | null) => (b === null ? null : b.toString('hex'));
const headersOf = (hs: Array<{ key: string; value: Buffer | null }>) =>
  hs.map((h) => `${h.key}=${hex(h.value)}`).join();
/** A compacted view: the last record per key, by key; the timestamp is the writer's wall-clock time, left out. */
const lastPerKey = (records: Raw[]) =>
  [...new Map(records.map((r) => [r.key, { ...r, timestamp: 0 }])).values()].sort((a, b) =>
    String(a.key).localeCompare(String(b.key)),
  );

for (const version of ['3.9.2', '4.1.2'] as const)
  describe(
    `Kafka Streams ${version} and @samsa/streams on the same windowed topology`,
    { skip: referencesMissing(), timeout: 240_000 },
    () => {
      let samsa: SamsaUnderTest;
      let dir: string;
      let classes: string;
      let app: JavaApp | undefined;
      before(async () => {
        dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-windows-'));
        classes = compileJava(version, [SOURCE]);
        samsa = await startSingleBroker();
      });
      after(async () => {
        await app?.stop('SIGKILL');
        await samsa?.stop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('writes the same outputs, changelogs and internal topics, and takes over from its changelogs', async () => {
        const base = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
        const topology = samsaTopology();
        const changelogs = [...topology.stores.keys()].map((s) => `${APP}-${s}-changelog`);
        const bufferChangelog = changelogs.find((t) => t.includes('KTABLE-SUPPRESS')) as string;
        assert.ok(bufferChangelog);

        // @samsa/streams, no broker.
        const driver = new TopologyTestDriver(topology, { applicationId: APP });
        const input = driver.createInputTopic(INPUT, Serdes.String(), Serdes.String());
        for (const [key, at] of INPUT_RECORDS) input.pipeInput(key, 'x', base + at);
        const ours = new Map<string, Raw[]>();
        for (const topic of [...OUTPUTS, ...changelogs]) {
          ours.set(
            topic,
            driver
              .createOutputTopic(topic, Serdes.Buffer(), Serdes.Buffer())
              .readRecordsToList()
              .map((r) => ({
                key: hex(r.key),
                value: hex(r.value),
                timestamp: r.timestamp - base,
                headers: headersOf(r.headers),
              })),
          );
        }
        for (const topic of [...OUTPUTS, ...changelogs])
          assert.ok((ours.get(topic) as Raw[]).length > 0, `${topic} is empty`);

        // Kafka Streams 3.9 against Samsa.
        const admin = new Admin({ bootstrapServers: samsa.bootstrap, logger: silentLogger });
        const producer = new Producer({ bootstrapServers: samsa.bootstrap, logger: silentLogger, acks: -1 });
        const theirs = new Map<string, Raw[]>([...ours.keys()].map((t) => [t, []]));
        let reader: Consumer | undefined;
        let streams: KafkaStreams | undefined;
        try {
          await admin.createTopics([INPUT, ...OUTPUTS].map((name) => ({ name, numPartitions: 1 })));
          app = JavaApp.start({
            version,
            mainClass: 'WindowedApp',
            classpath: [classes],
            args: [samsa.bootstrap, APP, dir, INPUT],
          });
          await app.waitForOutput(/STATE RUNNING/, 'Kafka Streams running', { timeoutMs: 90_000 });
          // The same node and store names, sub-topologies and wiring as Kafka's own describe().
          const described = /TOPOLOGY-BEGIN\n([\s\S]*?)TOPOLOGY-END/.exec(app.output)?.[1];
          assert.equal(described?.trim(), topology.describe().toString().trim());
          for (const [key, at] of INPUT_RECORDS) {
            await producer.send({ topic: INPUT, key: Buffer.from(key), value: Buffer.from('x'), timestamp: base + at });
          }
          reader = new Consumer({
            bootstrapServers: samsa.bootstrap,
            logger: silentLogger,
            autoOffsetReset: 'earliest',
            allowAutoCreateTopics: false,
          });
          reader.assign([...theirs.keys()].map((topic) => ({ topic, partition: 0 })));
          const same = () =>
            OUTPUTS.every((t) => (theirs.get(t) as Raw[]).length >= (ours.get(t) as Raw[]).length) &&
            JSON.stringify(lastPerKey(theirs.get(bufferChangelog) as Raw[])) ===
              JSON.stringify(lastPerKey(ours.get(bufferChangelog) as Raw[]));
          const deadline = Date.now() + 90_000;
          while (!same() && Date.now() < deadline) {
            for (const r of await reader.poll({ timeoutMs: 200 })) {
              theirs.get(r.topic)?.push({
                key: hex(r.key as Buffer | null),
                value: hex(r.value as Buffer | null),
                timestamp: r.timestamp - base,
                headers: headersOf(r.headers),
              });
            }
          }
          const explain = `\nKafka Streams' output:\n${app.tail()}`;
          for (const topic of OUTPUTS)
            assert.deepEqual(theirs.get(topic), ours.get(topic), `output topic ${topic}${explain}`);
          for (const topic of changelogs) {
            if (topic === bufferChangelog) {
              assert.deepEqual(
                lastPerKey(theirs.get(topic) as Raw[]),
                lastPerKey(ours.get(topic) as Raw[]),
                `${topic}${explain}`,
              );
            } else {
              assert.deepEqual(theirs.get(topic), ours.get(topic), `changelog ${topic}${explain}`);
            }
          }

          // The internal topics Kafka Streams created, and their configs, are the ones we would create.
          const expected = layoutTopics(topology, APP, new Map([[INPUT, 1]])).internalTopics;
          const created = (await admin.listTopics()).filter((t) => t.startsWith(`${APP}-`)).sort();
          assert.deepEqual(created, expected.map((t) => t.name).sort());
          const configs = await admin.describeConfigs(
            expected.map((t) => ({ type: 'topic' as const, name: t.name, keys: ['cleanup.policy', 'retention.ms'] })),
          );
          for (const spec of expected) {
            const described = configs.find((c) => c.name === spec.name)?.configs ?? [];
            const value = (k: string) => described.find((c) => c.name === k)?.value;
            assert.equal(value('cleanup.policy'), spec.configs['cleanup.policy'], `${spec.name} cleanup.policy`);
            if (spec.configs['retention.ms'])
              assert.equal(value('retention.ms'), spec.configs['retention.ms'], `${spec.name} retention.ms`);
          }

          // Hand-over: Kafka Streams stops and @samsa/streams takes the application over, restoring
          // the window, session and buffer stores from the changelogs Kafka Streams wrote and going
          // on from its committed offsets. What it writes for more input is what the driver, which
          // never stopped, writes.
          await app.stop('SIGTERM');
          const leftBy = Date.now() + 60_000;
          while ((await admin.describeGroups([APP]))[0]?.members.length !== 0) {
            if (Date.now() > leftBy) throw new Error('the Kafka Streams member did not leave the group');
            await new Promise((r) => setTimeout(r, 500));
          }
          const seen = new Map([...theirs].map(([t, rs]) => [t, rs.length]));
          const more: Array<[string, number]> = [
            ['a', 61_000],
            ['b', 90_000],
          ];
          for (const [key, at] of more) input.pipeInput(key, 'x', base + at);
          const oursMore = new Map(
            OUTPUTS.map((topic) => [
              topic,
              driver
                .createOutputTopic(topic, Serdes.Buffer(), Serdes.Buffer())
                .readRecordsToList()
                .map((r) => ({
                  key: hex(r.key),
                  value: hex(r.value),
                  timestamp: r.timestamp - base,
                  headers: headersOf(r.headers),
                })),
            ]),
          );
          assert.ok((oursMore.get('final') as Raw[]).length > 0, 'the extra input closes a window');
          streams = new KafkaStreams(samsaTopology(), {
            applicationId: APP,
            bootstrapServers: samsa.bootstrap,
            commitIntervalMs: 100,
            stateDir: join(dir, 'samsa-state'),
          });
          await streams.start();
          for (const [key, at] of more) {
            await producer.send({ topic: INPUT, key: Buffer.from(key), value: Buffer.from('x'), timestamp: base + at });
          }
          const tail = (t: string) => (theirs.get(t) as Raw[]).slice(seen.get(t));
          const doneBy = Date.now() + 90_000;
          while (OUTPUTS.some((t) => tail(t).length < (oursMore.get(t) as Raw[]).length) && Date.now() < doneBy) {
            for (const r of await reader.poll({ timeoutMs: 200 })) {
              theirs.get(r.topic)?.push({
                key: hex(r.key as Buffer | null),
                value: hex(r.value as Buffer | null),
                timestamp: r.timestamp - base,
                headers: headersOf(r.headers),
              });
            }
          }
          for (const topic of OUTPUTS)
            assert.deepEqual(tail(topic), oursMore.get(topic), `after the hand-over: ${topic}`);
        } finally {
          driver.close();
          await streams?.close();
          await reader?.close();
          await producer.close();
          await admin.close();
        }
      });
    },
  );
