/**
 * The authorizer's cost, a step of `npm run bench` (small in --smoke): 1 KiB records produced
 * (acks=1) by librdkafka to a broker without an authorizer and to one with the built-in
 * authorizer holding 10,000 ACLs, alternating (off, on, on, off), each broker's mean of its two.
 * Throughput on a shared machine swings with its load, so each row also gives the broker's CPU
 * seconds per GB produced (user + system from /proc), which does not.
 *
 * The ACLs are Kafka's usual mix: most name other topics and groups for other principals, some
 * are PREFIXED (a few on prefixes of the benchmark's topic, for others), and the producer's own
 * ALLOW on its topic is among them. The producer speaks PLAINTEXT as User:ANONYMOUS; the ACLs and
 * topics are made by a super user over a SASL_PLAINTEXT listener.
 */
import { type AclBinding, Admin, ANY_ACL_FILTER, silentLogger } from '@samsa/client';
import { BrokerProcess, freePort } from './broker-process.js';
import type { LoadGenerator } from './load-generator.js';
import { timeoutFor } from './native-tool.js';
import { cpuSeconds } from './proc-stats.js';

const SIZE = 1024;
export const ACL_COUNT = 10_000;
const TOPIC = 'bench-authz';
/** A topic per round (off, on, on, off), each deleted after its round, so no round writes after another's data. */
const ROUND_TOPICS = [0, 1, 2, 3].map((i) => `${TOPIC}-${i}`);
const ADMIN = { username: 'admin', password: 'admin-secret' };

export interface AuthzBenchOptions {
  repoRoot: string;
  gen: LoadGenerator;
  records: number;
  log(line: string): void;
}

/** The 10,000 ACLs: the producer's own first, then others' (every 10th PREFIXED). */
export function benchAcls(count = ACL_COUNT): AclBinding[] {
  const allow = (principal: string, operation: 'WRITE' | 'DESCRIBE' | 'READ') => ({
    principal,
    host: '*',
    operation,
    permissionType: 'ALLOW' as const,
  });
  const own: AclBinding[] = ROUND_TOPICS.flatMap((name) =>
    (['WRITE', 'DESCRIBE'] as const).map((operation) => ({
      pattern: { resourceType: 'TOPIC' as const, name, patternType: 'LITERAL' as const },
      entry: allow('User:ANONYMOUS', operation),
    })),
  );
  const others: AclBinding[] = [];
  for (let i = 0; others.length < count - own.length; i++) {
    const user = `User:app-${i % 200}`;
    if (i % 50 === 0) {
      // Prefixes of the benchmark's own topic name, for someone else: matched, then not applying.
      others.push({
        pattern: { resourceType: 'TOPIC', name: TOPIC.slice(0, 3 + (i % 8)), patternType: 'PREFIXED' },
        entry: allow(`User:other-${i}`, 'WRITE'),
      });
    } else if (i % 10 === 0) {
      others.push({
        pattern: { resourceType: 'TOPIC', name: `team-${i}-`, patternType: 'PREFIXED' },
        entry: allow(user, 'WRITE'),
      });
    } else if (i % 7 === 0) {
      others.push({
        pattern: { resourceType: 'GROUP', name: `group-${i}`, patternType: 'LITERAL' },
        entry: allow(user, 'READ'),
      });
    } else {
      others.push({
        pattern: { resourceType: 'TOPIC', name: `topic-${i}`, patternType: 'LITERAL' },
        entry: allow(user, 'WRITE'),
      });
    }
  }
  return [...own, ...others];
}

interface Run {
  label: string;
  authorizer: boolean;
  broker: BenchBroker;
  MBps: number;
  cpuSecondsPerGB: number;
}

export interface BenchBroker {
  process: BrokerProcess;
  /** A super user's admin on the SASL_PLAINTEXT listener. */
  admin: Admin;
}

/** A broker with a SASL_PLAINTEXT listener for the admin and (`authorizer`) the ACLs. */
export async function startBroker(repoRoot: string, authorizer: boolean): Promise<BenchBroker> {
  const saslPort = await freePort();
  const jaas = `org.apache.kafka.common.security.plain.PlainLoginModule required user_${ADMIN.username}="${ADMIN.password}";`;
  const broker = await BrokerProcess.start({
    repoRoot,
    extraListeners: `SASL_PLAINTEXT://127.0.0.1:${saslPort}`,
    overrides: {
      'num.partitions': '1',
      'sasl.enabled.mechanisms': 'PLAIN',
      'listener.name.sasl_plaintext.plain.sasl.jaas.config': jaas,
      ...(authorizer
        ? {
            'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
            'super.users': `User:${ADMIN.username}`,
          }
        : {}),
    },
  });
  const admin = new Admin({
    bootstrapServers: [`127.0.0.1:${saslPort}`],
    sasl: { mechanism: 'plain', ...ADMIN },
    logger: silentLogger,
  });
  try {
    if (authorizer) {
      const acls = benchAcls();
      for (let i = 0; i < acls.length; i += 1000) await admin.createAcls(acls.slice(i, i + 1000));
      const stored = await admin.describeAcls(ANY_ACL_FILTER);
      if (stored.length !== acls.length) throw new Error(`${stored.length} ACLs stored, ${acls.length} created`);
    }
  } catch (err) {
    await admin.close();
    await broker.stop();
    throw err;
  }
  return { process: broker, admin };
}

async function stopBroker(b: BenchBroker | undefined): Promise<void> {
  if (!b) return;
  await b.admin.close();
  await b.process.stop();
}

/** Runs both brokers and returns the Markdown table. */
export async function measureAuthorizer({ repoRoot, gen, records, log }: AuthzBenchOptions): Promise<string> {
  const off = await startBroker(repoRoot, false);
  let on: BenchBroker | undefined;
  const rows: Run[] = [];
  try {
    on = await startBroker(repoRoot, true);
    const runs = [
      { label: 'no authorizer', authorizer: false, broker: off },
      { label: `AclAuthorizer, ${ACL_COUNT.toLocaleString('en')} ACLs`, authorizer: true, broker: on },
    ];
    const order = [runs[0], runs[1], runs[1], runs[0]] as typeof runs;
    for (const [i, run] of order.entries()) {
      log(`${run.label}: producing ${records} records of ${SIZE} B ...`);
      // Made by the admin, so that the producer needs no CREATE: only its WRITE and DESCRIBE are checked.
      const topic = ROUND_TOPICS[i] as string;
      await run.broker.admin.createTopics([{ name: topic, numPartitions: 1, replicationFactor: 1 }]);
      const before = cpuSeconds(run.broker.process.pid);
      const p = await gen.produce({
        bootstrap: run.broker.process.bootstrap,
        topic,
        records,
        size: SIZE,
        acks: 1,
        timeoutMs: timeoutFor(records),
      });
      const cpu = cpuSeconds(run.broker.process.pid) - before;
      await run.broker.admin.deleteTopics([topic]);
      const MBps = p.bytes / p.seconds / 1e6;
      const cpuSecondsPerGB = cpu / (p.bytes / 1e9);
      log(`  ${MBps.toFixed(0)} MB/s, broker ${cpuSecondsPerGB.toFixed(2)} CPU s/GB`);
      const row = rows.find((r) => r.label === run.label);
      // The mean of the two rounds: in this order it cancels a drift over the run (the machine's
      // load, its page cache), which the best of two would hand to whichever ran first.
      if (!row) rows.push({ ...run, MBps: MBps / 2, cpuSecondsPerGB: cpuSecondsPerGB / 2 });
      else {
        row.MBps += MBps / 2;
        row.cpuSecondsPerGB += cpuSecondsPerGB / 2;
      }
    }
  } finally {
    await Promise.all([stopBroker(off), stopBroker(on)]);
  }
  const [plain, authz] = rows as [Run, Run];
  const ratio = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  return [
    `The authorizer's cost: ${records} records of ${SIZE} B produced by librdkafka ${gen.librdkafkaVersion}, one broker, acks=1, mean of 2 rounds (off, on, on, off); broker CPU = user + system seconds per GB produced`,
    '',
    '| broker | produce MB/s | broker CPU s/GB |',
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.label} | ${r.MBps.toFixed(0)} | ${r.cpuSecondsPerGB.toFixed(2)} |`),
    `| with / without | ${ratio(authz.MBps, plain.MBps)} | ${ratio(authz.cpuSecondsPerGB, plain.cpuSecondsPerGB)} |`,
    '',
  ].join('\n');
}
