/**
 * Cross-check of joins with Kafka Streams itself (3.9 and 4.1): test/e2e/java/JoinApp.java (a
 * stream-stream left join with grace, a stream-stream outer join, table-table outer, left and
 * inner joins) runs
 * against a Samsa broker, and the same topology runs in @samsa/streams' TopologyTestDriver on the
 * same input: unmatched records, out-of-order records, records outside the window, tombstones.
 * Every output record (key and value bytes, timestamp), the changelogs of the join window stores
 * (duplicates numbered) and of the outer shared stores (Kafka's list layout), and
 * topology.describe() must be identical. The input is written before Kafka Streams starts and its
 * tasks wait for both inputs (max.task.idle.ms), so it processes the two topics of a join in
 * timestamp order; the driver is fed in that same order.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, Producer, silentLogger } from '@samsa/client';
import { JoinWindows, Serdes, StreamsBuilder, TopologyTestDriver } from '@samsa/streams';
import { compileJava, JavaApp, referencesMissing } from '@samsa/test-kit';
import { type SamsaUnderTest, startSingleBroker } from './support/samsa-cluster.js';

const SOURCE = join(import.meta.dirname, '..', '..', 'java', 'JoinApp.java');
const APP = 'joins-java';
const OUTPUTS = ['ss-left', 'ss-outer', 'tt-outer', 'tt-left', 'tt-inner'];

type In = [string, string | null, number];
/** Per input topic, in offset order: key, value, timestamp offset. */
const INPUT: Record<string, In[]> = {
  left: [
    ['k1', 'A', 1_000],
    ['k2', 'B', 3_000],
    ['k1', 'C', 9_000],
    ['k3', 'D', 12_000],
    ['k2', 'E', 20_000],
    ['k9', 'Z', 60_000],
  ],
  right: [
    ['k1', 'a', 2_000],
    ['k3', 'x', 4_000],
    ['k2', 'b', 9_500],
    ['k2', 'e', 7_000],
    ['k1', 'c', 13_000],
    ['k2', 'f', 21_000],
  ],
  tleft: [
    ['k6', null, 500], // deletes a row neither table has
    ['k1', 'A', 1_000],
    ['k2', 'B', 3_000],
    ['k1', null, 4_000],
    ['k3', null, 7_000],
    ['k4', 'D', 9_000],
    ['k7', 'G', 12_000],
    ['k7', null, 13_000], // deletes a row the other table does not have
  ],
  tright: [
    ['k1', 'a', 2_000],
    ['k2', 'b', 5_000],
    ['k3', 'c', 6_000],
    ['k2', null, 8_000],
    ['k4', null, 10_000],
    ['k5', null, 11_000],
  ],
};

/** Kafka's order within a task: always the partition whose next record has the smallest timestamp. */
function merged(a: string, b: string): Array<{ topic: string; r: In }> {
  const qa = [...(INPUT[a] as In[])];
  const qb = [...(INPUT[b] as In[])];
  const out: Array<{ topic: string; r: In }> = [];
  while (qa.length > 0 || qb.length > 0) {
    const takeA = qb.length === 0 || (qa.length > 0 && (qa[0] as In)[2] < (qb[0] as In)[2]);
    out.push(takeA ? { topic: a, r: qa.shift() as In } : { topic: b, r: qb.shift() as In });
  }
  return out;
}

function samsaTopology() {
  const str = Serdes.String();
  const joiner = (l: string | null, r: string | null) => `${l}+${r}`;
  const b = new StreamsBuilder();
  const left = b.stream<string, string>('left', { keySerde: str, valueSerde: str });
  const right = b.stream<string, string>('right', { keySerde: str, valueSerde: str });
  left
    .leftJoin(right, joiner, JoinWindows.ofTimeDifferenceAndGrace(5_000, 2_000))
    .to('ss-left', { keySerde: str, valueSerde: str });
  left
    .outerJoin(right, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(5_000))
    .to('ss-outer', { keySerde: str, valueSerde: str });
  const tleft = b.table<string, string>('tleft', { keySerde: str, valueSerde: str });
  const tright = b.table<string, string>('tright', { keySerde: str, valueSerde: str });
  tleft.outerJoin(tright, joiner).toStream().to('tt-outer', { keySerde: str, valueSerde: str });
  tleft.leftJoin(tright, joiner).toStream().to('tt-left', { keySerde: str, valueSerde: str });
  tleft.join(tright, joiner).toStream().to('tt-inner', { keySerde: str, valueSerde: str });
  return b.build();
}

interface Raw {
  key: string | null;
  value: string | null;
  timestamp: number;
}
const hex = (b: Buffer | null) => (b === null ? null : b.toString('hex'));

for (const version of ['3.9.2', '4.1.2'] as const)
  describe(
    `Kafka Streams ${version} and @samsa/streams on the same joins`,
    { skip: referencesMissing(), timeout: 240_000 },
    () => {
      let samsa: SamsaUnderTest;
      let dir: string;
      let classes: string;
      let app: JavaApp | undefined;
      before(async () => {
        dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-joins-'));
        classes = compileJava(version, [SOURCE]);
        samsa = await startSingleBroker();
      });
      after(async () => {
        await app?.stop('SIGKILL');
        await samsa?.stop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('writes the same join results and join store changelogs', async () => {
        const base = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
        const topology = samsaTopology();
        const joinChangelogs = [...topology.stores.keys()]
          .filter((s) => s.startsWith('KSTREAM-'))
          .map((s) => `${APP}-${s}-changelog`);
        assert.equal(joinChangelogs.length, 6);

        const driver = new TopologyTestDriver(topology, { applicationId: APP });
        const ours = new Map<string, Raw[]>();
        try {
          const inputs = Object.fromEntries(
            Object.keys(INPUT).map((t) => [t, driver.createInputTopic(t, Serdes.String(), Serdes.String())]),
          );
          for (const { topic, r } of [...merged('left', 'right'), ...merged('tleft', 'tright')])
            inputs[topic]?.pipeInput(r[0], r[1] as string, base + r[2]);
          for (const topic of [...OUTPUTS, ...joinChangelogs]) {
            ours.set(
              topic,
              driver
                .createOutputTopic(topic, Serdes.Buffer(), Serdes.Buffer())
                .readRecordsToList()
                .map((r) => ({ key: hex(r.key), value: hex(r.value), timestamp: r.timestamp - base })),
            );
            assert.ok((ours.get(topic) as Raw[]).length > 0, `${topic} is empty`);
          }
        } finally {
          driver.close();
        }

        const admin = new Admin({ bootstrapServers: samsa.bootstrap, logger: silentLogger });
        const producer = new Producer({ bootstrapServers: samsa.bootstrap, logger: silentLogger, acks: -1 });
        let reader: Consumer | undefined;
        const theirs = new Map<string, Raw[]>([...ours.keys()].map((t) => [t, []]));
        try {
          await admin.createTopics([...Object.keys(INPUT), ...OUTPUTS].map((name) => ({ name, numPartitions: 1 })));
          for (const [topic, records] of Object.entries(INPUT))
            for (const [k, v, at] of records)
              await producer.send({
                topic,
                key: Buffer.from(k),
                value: v === null ? null : Buffer.from(v),
                timestamp: base + at,
              });
          app = JavaApp.start({
            version,
            mainClass: 'JoinApp',
            classpath: [classes],
            args: [samsa.bootstrap, APP, dir],
          });
          await app.waitForOutput(/STATE RUNNING/, 'Kafka Streams running', { timeoutMs: 90_000 });
          const described = /TOPOLOGY-BEGIN\n([\s\S]*?)TOPOLOGY-END/.exec(app.output)?.[1];
          assert.equal(described?.trim(), topology.describe().toString().trim());
          reader = new Consumer({
            bootstrapServers: samsa.bootstrap,
            logger: silentLogger,
            autoOffsetReset: 'earliest',
            allowAutoCreateTopics: false,
          });
          reader.assign([...theirs.keys()].map((topic) => ({ topic, partition: 0 })));
          const done = () => [...ours].every(([t, rs]) => (theirs.get(t) as Raw[]).length >= rs.length);
          const deadline = Date.now() + 90_000;
          while (!done() && Date.now() < deadline) {
            for (const r of await reader.poll({ timeoutMs: 200 }))
              theirs.get(r.topic)?.push({
                key: hex(r.key as Buffer | null),
                value: hex(r.value as Buffer | null),
                timestamp: r.timestamp - base,
              });
          }
          const explain = `\nKafka Streams' output:\n${app.tail()}`;
          const text = (rs: Raw[] | undefined) =>
            (rs ?? []).map(
              (r) =>
                `${r.timestamp} ${Buffer.from(r.key ?? '', 'hex')}=${r.value === null ? 'null' : Buffer.from(r.value, 'hex')}`,
            );
          for (const topic of OUTPUTS)
            assert.deepEqual(text(theirs.get(topic)), text(ours.get(topic)), `output topic ${topic}${explain}`);
          for (const topic of [...OUTPUTS, ...joinChangelogs])
            assert.deepEqual(theirs.get(topic), ours.get(topic), `${topic} byte for byte${explain}`);
        } finally {
          await reader?.close();
          await producer.close();
          await admin.close();
        }
      });
    },
  );
