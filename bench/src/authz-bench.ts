/**
 * The authorizer's cost, a step of `npm run bench` (small in --smoke): 1 KiB records produced
 * (acks=1) by librdkafka to a broker without an authorizer and to one with the built-in
 * authorizer holding 10,000 ACLs, alternating (off, on, on, off) and keeping each broker's best.
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
  const own: AclBinding[] = [
    {
      pattern: { resourceType: 'TOPIC', name: TOPIC, patternType: 'LITERAL' },
      entry: allow('User:ANONYMOUS', 'WRITE'),
    },
    {
      pattern: { resourceType: 'TOPIC', name: TOPIC, patternType: 'LITERAL' },
      entry: allow('User:ANONYMOUS', 'DESCRIBE'),
    },
  ];
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
  broker: BrokerProcess;
  MBps: number;
  cpuSecondsPerGB: number;
}

/** A broker with a SASL_PLAINTEXT listener for the admin, the topic, and (`authorizer`) the ACLs. */
export async function startBroker(repoRoot: string, authorizer: boolean): Promise<BrokerProcess> {
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
    // Made here, so that the producer needs no CREATE: only its WRITE and DESCRIBE are checked.
    await admin.createTopics([{ name: TOPIC, numPartitions: 1, replicationFactor: 1 }]);
    if (authorizer) {
      const acls = benchAcls();
      for (let i = 0; i < acls.length; i += 1000) await admin.createAcls(acls.slice(i, i + 1000));
      const stored = await admin.describeAcls(ANY_ACL_FILTER);
      if (stored.length !== acls.length) throw new Error(`${stored.length} ACLs stored, ${acls.length} created`);
    }
  } finally {
    await admin.close();
  }
  return broker;
}

/** Runs both brokers and returns the Markdown table. */
export async function measureAuthorizer({ repoRoot, gen, records, log }: AuthzBenchOptions): Promise<string> {
  const off = await startBroker(repoRoot, false);
  let on: BrokerProcess | undefined;
  const rows: Run[] = [];
  try {
    on = await startBroker(repoRoot, true);
    const runs = [
      { label: 'no authorizer', authorizer: false, broker: off },
      { label: `AclAuthorizer, ${ACL_COUNT.toLocaleString('en')} ACLs`, authorizer: true, broker: on },
    ];
    const order = [runs[0], runs[1], runs[1], runs[0]] as typeof runs;
    for (const run of order) {
      log(`${run.label}: producing ${records} records of ${SIZE} B ...`);
      const before = cpuSeconds(run.broker.pid);
      const p = await gen.produce({
        bootstrap: run.broker.bootstrap,
        topic: TOPIC,
        records,
        size: SIZE,
        acks: 1,
        timeoutMs: timeoutFor(records),
      });
      const cpu = cpuSeconds(run.broker.pid) - before;
      const MBps = p.bytes / p.seconds / 1e6;
      const cpuSecondsPerGB = cpu / (p.bytes / 1e9);
      const row = rows.find((r) => r.label === run.label);
      if (!row) rows.push({ ...run, MBps, cpuSecondsPerGB });
      else {
        row.MBps = Math.max(row.MBps, MBps);
        row.cpuSecondsPerGB = Math.min(row.cpuSecondsPerGB, cpuSecondsPerGB);
      }
    }
  } finally {
    await Promise.all([off.stop(), on?.stop()]);
  }
  const [plain, authz] = rows as [Run, Run];
  const ratio = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  return [
    `The authorizer's cost: ${records} records of ${SIZE} B produced by librdkafka ${gen.librdkafkaVersion}, one broker, acks=1, best of 2 rounds; broker CPU = user + system seconds per GB produced`,
    '',
    '| broker | produce MB/s | broker CPU s/GB |',
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.label} | ${r.MBps.toFixed(0)} | ${r.cpuSecondsPerGB.toFixed(2)} |`),
    `| with / without | ${ratio(authz.MBps, plain.MBps)} | ${ratio(authz.cpuSecondsPerGB, plain.cpuSecondsPerGB)} |`,
    '',
  ].join('\n');
}
