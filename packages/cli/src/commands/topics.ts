/**
 * `samsa topics` — kafka-topics.sh: --create, --list, --describe, --alter, --delete.
 * As in Kafka, --topic is a regular expression for everything but --create; text output follows
 * Kafka's ("Created topic t.", tab-separated describe lines), --output json gives the same data.
 */
import type { Admin, TopicDescription } from '@samsa/client';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import {
  connectionOptions,
  exactlyOne,
  int,
  keyValues,
  outputOption,
  repeated,
  required,
  tool,
} from '../cli/options.js';
import { type Context, runTool } from '../cli/run.js';
import { applyZookeeperFlag, zookeeperOption } from '../cli/zookeeper.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  output: string;
  zookeeper?: string;
  create?: boolean;
  list?: boolean;
  describe?: boolean;
  alter?: boolean;
  delete?: boolean;
  topic?: string;
  partitions?: number;
  replicationFactor?: number;
  replicaAssignment?: string;
  config?: string[];
  ifNotExists?: boolean;
  ifExists?: boolean;
  underReplicatedPartitions?: boolean;
  unavailablePartitions?: boolean;
  topicsWithOverrides?: boolean;
  excludeInternal?: boolean;
}

const ACTIONS = ['create', 'list', 'describe', 'alter', 'delete'] as const;

function command() {
  const cmd = tool('topics', 'Create, delete, describe, or change a topic (kafka-topics.sh).')
    .option('--create', 'Create a new topic.')
    .option('--list', 'List all available topics.')
    .option('--describe', 'List details for the given topics.')
    .option('--alter', 'Alter the number of partitions (and configs) of a topic.')
    .option('--delete', 'Delete a topic.')
    .option(
      '--topic <topic>',
      'The topic to create, alter, describe or delete (a regular expression except with --create).',
    )
    .option('--partitions <n>', 'The number of partitions for the topic being created or altered.', int('--partitions'))
    .option('--replication-factor <n>', 'The replication factor for each partition.', int('--replication-factor'))
    .option(
      '--replica-assignment <list>',
      'Manual assignment: broker ids per partition, e.g. 0:1,1:2 (partitions by comma).',
    )
    .option('--config <name=value>', 'A topic configuration override (repeatable).', repeated)
    .option('--if-not-exists', 'With --create: do nothing if the topic already exists.')
    .option('--if-exists', 'With --alter, --describe or --delete: do nothing if the topic does not exist.')
    .option(
      '--under-replicated-partitions',
      'With --describe: only partitions whose ISR is smaller than the replica set.',
    )
    .option('--unavailable-partitions', 'With --describe: only partitions without a leader.')
    .option('--topics-with-overrides', 'With --describe: only topics that have config overrides.')
    .option('--exclude-internal', 'Leave out internal topics with --list and --describe.');
  return zookeeperOption(outputOption(connectionOptions(cmd)));
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, async (ctx) => {
    applyZookeeperFlag(ctx.opts, (m) => ctx.out.warn(m));
    const action = exactlyOne(ctx.opts as unknown as Record<string, unknown>, ACTIONS);
    if (action === 'create') return create(ctx);
    if (action === 'list') return list(ctx);
    if (action === 'describe') return describe(ctx);
    if (action === 'alter') return alter(ctx);
    return remove(ctx);
  });
}

async function create({ opts, out, admin }: Context<Opts>): Promise<number> {
  const topic = required(opts.topic, '--topic', ' with --create');
  const assignment = opts.replicaAssignment ? parseAssignment(opts.replicaAssignment) : undefined;
  if (assignment && (opts.partitions !== undefined || opts.replicationFactor !== undefined))
    throw new UsageError('--replica-assignment cannot be combined with --partitions or --replication-factor');
  if (opts.partitions !== undefined && opts.partitions < 1) throw new UsageError('--partitions must be at least 1');
  if (opts.replicationFactor !== undefined && opts.replicationFactor < 1)
    throw new UsageError('--replication-factor must be at least 1');
  try {
    const [created] = await admin().createTopics([
      {
        name: topic,
        numPartitions: opts.partitions,
        replicationFactor: opts.replicationFactor,
        replicaAssignment: assignment,
        configs: keyValues(opts.config, '--config'),
      },
    ]);
    if (out.json) out.printJson({ created: created ? [created] : [] });
    else out.line(`Created topic ${topic}.`);
    return EXIT.ok;
  } catch (err) {
    if (opts.ifNotExists && (err as { errorName?: string }).errorName === 'TOPIC_ALREADY_EXISTS') {
      if (out.json) out.printJson({ created: [] });
      return EXIT.ok;
    }
    throw err;
  }
}

function parseAssignment(s: string): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  s.split(',').forEach((p, i) => {
    const ids = p.split(':').map((x) => Number(x.trim()));
    if (ids.some((n) => !Number.isInteger(n) || n < 0)) throw new UsageError(`--replica-assignment: bad entry '${p}'`);
    out[i] = ids;
  });
  return out;
}

/** Topics matching --topic (a regex, anchored as Kafka's include lists are), or all of them. */
async function selectTopics(opts: Opts, admin: Admin): Promise<string[]> {
  const all = await admin.listTopics({ listInternal: !opts.excludeInternal });
  if (opts.topic === undefined) return all;
  if (all.includes(opts.topic)) return [opts.topic];
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${opts.topic})$`);
  } catch {
    return [];
  }
  return all.filter((t) => re.test(t));
}

async function existing(opts: Opts, admin: Admin): Promise<string[]> {
  const topics = await selectTopics(opts, admin);
  if (topics.length === 0 && opts.topic !== undefined && !opts.ifExists)
    throw new CliError(`Topic '${opts.topic}' does not exist as expected`, EXIT.refused);
  return topics;
}

async function list({ opts, out, admin }: Context<Opts>): Promise<number> {
  const topics = await selectTopics(opts, admin());
  if (out.json) out.printJson(topics);
  else for (const t of topics) out.line(t);
  return EXIT.ok;
}

async function describe({ opts, out, admin }: Context<Opts>): Promise<number> {
  const a = admin();
  const names = await existing(opts, a);
  const descriptions = names.length > 0 ? await a.describeTopics(names) : [];
  const partitionFilter = opts.underReplicatedPartitions || opts.unavailablePartitions;
  const configs = partitionFilter
    ? []
    : await a.describeConfigs(names.map((name) => ({ type: 'topic' as const, name })));
  const liveBrokers = partitionFilter ? new Set((await a.describeCluster()).brokers.map((b) => b.nodeId)) : new Set();
  const rows: Array<{ topic: TopicDescription; overrides: Record<string, string> }> = [];
  descriptions.forEach((topic, i) => {
    const overrides: Record<string, string> = {};
    for (const c of configs[i]?.configs ?? []) if (!c.isDefault && c.value !== null) overrides[c.name] = c.value;
    if (opts.topicsWithOverrides && Object.keys(overrides).length === 0) return;
    rows.push({ topic, overrides });
  });
  const keep = (p: TopicDescription['partitions'][number]) =>
    (!opts.underReplicatedPartitions || p.isr.length < p.replicas.length) &&
    (!opts.unavailablePartitions || p.leader < 0 || !liveBrokers.has(p.leader));
  if (out.json) {
    out.printJson(
      rows.map(({ topic, overrides }) => ({
        topic: topic.name,
        topicId: topic.topicId,
        isInternal: topic.isInternal,
        partitionCount: topic.partitions.length,
        replicationFactor: topic.partitions[0]?.replicas.length ?? 0,
        configs: overrides,
        partitions: topic.partitions.filter(keep),
      })),
    );
    return EXIT.ok;
  }
  for (const { topic, overrides } of rows) {
    if (!partitionFilter) {
      const cfg = Object.entries(overrides)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      out.line(
        `${out.style(`Topic: ${topic.name}`, 'bold')}\tTopicId: ${topic.topicId}\tPartitionCount: ${topic.partitions.length}\t` +
          `ReplicationFactor: ${topic.partitions[0]?.replicas.length ?? 0}\tConfigs: ${cfg}`,
      );
    }
    for (const p of topic.partitions.filter(keep)) {
      const leader = p.leader < 0 ? out.style('none', 'red') : String(p.leader);
      out.line(
        `\tTopic: ${topic.name}\tPartition: ${p.partition}\tLeader: ${leader}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}`,
      );
    }
  }
  return EXIT.ok;
}

async function alter({ opts, out, admin }: Context<Opts>): Promise<number> {
  required(opts.topic, '--topic', ' with --alter');
  if (opts.partitions === undefined && !opts.config)
    throw new UsageError('--alter needs --partitions (or --config to change topic configs)');
  if (opts.replicationFactor !== undefined)
    throw new UsageError('--replication-factor cannot be changed with --alter (use partition reassignment)');
  const a = admin();
  const names = await existing(opts, a);
  if (opts.partitions !== undefined) {
    const totals = Object.fromEntries(names.map((n) => [n, opts.partitions as number]));
    if (names.length > 0) await a.createPartitions(totals);
    if (!out.json)
      for (const n of names) out.line(`Adding partitions succeeded! Topic ${n} now has ${opts.partitions} partitions.`);
  }
  if (opts.config) {
    const configs = keyValues(opts.config, '--config');
    await a.incrementalAlterConfigs(
      names.map((name) => ({
        type: 'topic' as const,
        name,
        ops: Object.entries(configs).map(([k, value]) => ({ name: k, op: 'set' as const, value })),
      })),
    );
    if (!out.json) for (const n of names) out.line(`Updated config for topic ${n}.`);
  }
  if (out.json) out.printJson({ altered: names });
  return EXIT.ok;
}

async function remove({ opts, out, admin }: Context<Opts>): Promise<number> {
  required(opts.topic, '--topic', ' with --delete');
  const a = admin();
  const names = await existing(opts, a);
  if (names.length > 0) await a.deleteTopics(names);
  if (out.json) out.printJson({ deleted: names });
  else for (const n of names) out.line(`Deleted topic ${n}.`);
  return EXIT.ok;
}
