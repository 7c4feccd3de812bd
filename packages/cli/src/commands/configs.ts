/**
 * `samsa configs` — kafka-configs.sh: --describe and --alter for topics and brokers (and the
 * broker default with --entity-default), --add-config a=1,b=[x,y] and --delete-config a,b.
 * Users, clients and ips are client quotas (configs-quotas.ts); as in Kafka, --entity-type and
 * --entity-name may repeat to name a user and client id together. Like Kafka, --describe shows the
 * dynamic (overridden) configs unless --all is given.
 */
import type { ConfigEntry } from '@samsa/client';
import { readPropertiesFile } from '../cli/client-config.js';
import { EXIT, UsageError } from '../cli/errors.js';
import { connectionOptions, exactlyOne, keyValues, outputOption, repeated, tool } from '../cli/options.js';
import { type Context, runTool } from '../cli/run.js';
import { applyZookeeperFlag, zookeeperOption } from '../cli/zookeeper.js';
import {
  alterQuotas,
  describeQuotas,
  isQuotaEntityType,
  type QuotaComponent,
  type QuotaEntityType,
} from './configs-quotas.js';
import { alterScram, describeScram, isScramKey } from './configs-scram.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  output: string;
  zookeeper?: string;
  describe?: boolean;
  alter?: boolean;
  entityType?: string[];
  entityName?: string[];
  entityDefault?: boolean;
  topic?: string;
  broker?: string;
  brokerDefaults?: boolean;
  user?: string;
  client?: string;
  addConfig?: string[];
  addConfigFile?: string;
  deleteConfig?: string[];
  all?: boolean;
}

function command() {
  const cmd = tool('configs', 'Describe and change topic and broker configs, and client quotas (kafka-configs.sh).')
    .option('--describe', 'List configs for the given entity.')
    .option('--alter', 'Alter the configuration of the entity.')
    .option(
      '--entity-type <type>',
      'topics, brokers, broker-loggers, users, clients or ips (users and clients may be given together).',
      entityTypes,
    )
    .option('--entity-name <name>', 'Name of the entity (topic name, broker id, user or client id).', repeated)
    .option('--entity-default', 'The default entity (brokers: cluster-wide dynamic defaults; users, clients).')
    .option('--topic <name>', 'Shorthand for --entity-type topics --entity-name <name>.')
    .option('--broker <id>', 'Shorthand for --entity-type brokers --entity-name <id>.')
    .option('--broker-defaults', 'Shorthand for --entity-type brokers --entity-default.')
    .option('--user <name>', 'Shorthand for --entity-type users --entity-name <name>.')
    .option('--client <id>', 'Shorthand for --entity-type clients --entity-name <id>.')
    .option('--add-config <k=v,...>', "Configs to set: 'k1=v1,k2=[v1,v2,v2],k3=v3' (repeatable).", repeated)
    .option('--add-config-file <file>', 'A properties file of configs to set.')
    .option('--delete-config <k,...>', 'Config names to remove (comma separated, repeatable).', repeated)
    .option('--all', 'With --describe: all configs, not just the overridden ones.');
  return zookeeperOption(outputOption(connectionOptions(cmd)));
}

const ENTITY_TYPES = ['topics', 'brokers', 'broker-loggers', 'users', 'clients', 'ips'];

/** --entity-type, repeatable; singular forms (topic, user) are accepted as Kafka does. */
function entityTypes(value: string, previous: string[] | undefined): string[] {
  const type = value.endsWith('s') ? value : `${value}s`;
  if (!ENTITY_TYPES.includes(type))
    throw new UsageError(
      `option '--entity-type <type>' argument '${value}' is invalid. Allowed choices are ${ENTITY_TYPES.join(', ')}.`,
    );
  return [...(previous ?? []), type];
}

/** A topic or broker config entity (quota entities are QuotaComponent[]). */
interface Entity {
  type: 'topics' | 'brokers' | 'broker-loggers';
  name: string | null;
}

function entityOf(o: Opts): Entity {
  const shorthands: Entity[] = [];
  if (o.topic !== undefined) shorthands.push({ type: 'topics', name: o.topic });
  if (o.broker !== undefined) shorthands.push({ type: 'brokers', name: o.broker });
  if (o.brokerDefaults) shorthands.push({ type: 'brokers', name: null });
  if (shorthands.length > 1) throw new UsageError('Only one of --topic, --broker, --broker-defaults');
  if (shorthands.length === 1) {
    if (o.entityType) throw new UsageError('--entity-type cannot be combined with --topic/--broker/--broker-defaults');
    return shorthands[0] as Entity;
  }
  const type = o.entityType?.[0] as Entity['type'] | undefined;
  if (!type) throw new UsageError('Missing required argument "--entity-type"');
  if ((o.entityType?.length ?? 0) > 1) throw new UsageError('Only users and clients may be given together');
  if ((o.entityName?.length ?? 0) > 1) throw new UsageError('Only one --entity-name for this entity type');
  const entityName = o.entityName?.[0];
  if (entityName !== undefined && o.entityDefault)
    throw new UsageError('--entity-name and --entity-default cannot be combined');
  if (o.entityDefault && type === 'topics') throw new UsageError('--entity-default does not apply to topics');
  return { type, name: o.entityDefault ? null : (entityName ?? (type === 'topics' ? '' : null)) };
}

/**
 * The quota entity named on the command line, or null when the entity is not a quota entity.
 * Shorthands: --user and --client, together or alone. Otherwise each --entity-type takes the
 * --entity-name or --entity-default at the same position among those flags (kafka-configs.sh's
 * rule), and a type without one means any entity of that type (describe only).
 */
function quotaEntityOf(o: Opts, args: string[]): QuotaComponent[] | null {
  if (o.user !== undefined || o.client !== undefined) {
    if (o.entityType || o.topic !== undefined || o.broker !== undefined || o.brokerDefaults)
      throw new UsageError('--user and --client combine only with each other');
    return [
      ...(o.user !== undefined ? [{ type: 'users' as const, name: o.user }] : []),
      ...(o.client !== undefined ? [{ type: 'clients' as const, name: o.client }] : []),
    ];
  }
  const types = o.entityType ?? [];
  if (!types.some(isQuotaEntityType)) return null;
  if (o.topic !== undefined || o.broker !== undefined || o.brokerDefaults)
    throw new UsageError('--entity-type cannot be combined with --topic/--broker/--broker-defaults');
  if (!types.every(isQuotaEntityType) || new Set(types).size !== types.length)
    throw new UsageError('Only users and clients may be given together, each once');
  if (types.includes('ips') && types.length > 1) throw new UsageError('ips cannot be combined with users or clients');
  const names = namesInOrder(args);
  if (names.length > types.length) throw new UsageError('More --entity-name/--entity-default than --entity-type');
  return (types as QuotaEntityType[]).map((type, i) => ({ type, name: names[i] }));
}

/** --entity-name values and --entity-default (as null) in the order they appear. */
function namesInOrder(args: string[]): Array<string | null> {
  const names: Array<string | null> = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') break;
    if (a === '--entity-default') names.push(null);
    else if (a === '--entity-name' && i + 1 < args.length) names.push(args[++i] as string);
    else if (a.startsWith('--entity-name=')) names.push(a.slice('--entity-name='.length));
  }
  return names;
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, async (ctx) => {
    applyZookeeperFlag(ctx.opts, (m) => ctx.out.warn(m));
    const action = exactlyOne(ctx.opts as unknown as Record<string, unknown>, ['describe', 'alter'] as const);
    const quota = quotaEntityOf(ctx.opts, args);
    if (quota) {
      const user = quota.length === 1 && quota[0]?.type === 'users' ? quota[0] : undefined;
      if (action === 'describe') {
        await describeQuotas(ctx.admin(), ctx.out, quota);
        // kafka-configs.sh shows a user's SCRAM credentials after its quotas.
        if (user && user.name !== null) await describeScram(ctx.admin(), ctx.out, user.name ?? null);
        return EXIT.ok;
      }
      const set = additions(ctx.opts);
      const remove = deletions(ctx.opts);
      const scramSet = Object.fromEntries(Object.entries(set).filter(([k]) => isScramKey(k)));
      const scramRemove = remove.filter(isScramKey);
      if (Object.keys(scramSet).length > 0 || scramRemove.length > 0) {
        if (!user || typeof user.name !== 'string')
          throw new UsageError(
            'SCRAM credentials are set for one named user (--entity-type users --entity-name <user>)',
          );
        await alterScram(ctx.admin(), user.name, scramSet, scramRemove);
        const quotaSet = Object.fromEntries(Object.entries(set).filter(([k]) => !isScramKey(k)));
        const quotaRemove = remove.filter((k) => !isScramKey(k));
        if (Object.keys(quotaSet).length > 0 || quotaRemove.length > 0)
          await alterQuotas(ctx.admin(), ctx.out, quota, quotaSet, quotaRemove);
        else if (ctx.out.json) ctx.out.printJson({ altered: { user: user.name } });
        else ctx.out.line(`Completed updating config for user ${user.name}.`);
        return EXIT.ok;
      }
      await alterQuotas(ctx.admin(), ctx.out, quota, set, remove);
      return EXIT.ok;
    }
    const entity = entityOf(ctx.opts);
    return action === 'describe' ? describe(ctx, entity) : alter(ctx, entity);
  });
}

function additions(o: Opts): Record<string, string> {
  return {
    ...(o.addConfigFile ? readPropertiesFile(o.addConfigFile) : {}),
    ...keyValues(o.addConfig, '--add-config', true),
  };
}

function deletions(o: Opts): string[] {
  return (o.deleteConfig ?? [])
    .flatMap((d) => d.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

const RESOURCE = { topics: 'topic', brokers: 'broker', 'broker-loggers': 'brokerLogger' } as const;

function label(entity: Entity): string {
  if (entity.type === 'brokers' && (entity.name === null || entity.name === '')) return 'brokers in the cluster';
  return `${RESOURCE[entity.type as keyof typeof RESOURCE]} ${entity.name}`;
}

function dynamic(entity: Entity, c: ConfigEntry): boolean {
  if (entity.type === 'topics') return c.source === 'DYNAMIC_TOPIC_CONFIG';
  if (entity.type === 'brokers')
    return entity.name === null ? c.source === 'DYNAMIC_DEFAULT_BROKER_CONFIG' : c.source === 'DYNAMIC_BROKER_CONFIG';
  return !c.isDefault;
}

async function describe({ opts, out, admin }: Context<Opts>, entity: Entity): Promise<number> {
  const a = admin();
  const type = RESOURCE[entity.type as keyof typeof RESOURCE];
  let names: string[];
  if (entity.type === 'topics' && entity.name === '') names = await a.listTopics();
  else if (entity.type === 'brokers' && entity.name === null && !opts.entityDefault && !opts.brokerDefaults)
    names = (await a.describeCluster()).brokers.map((b) => String(b.nodeId));
  else names = [entity.name ?? ''];
  const results = await a.describeConfigs(
    names.map((name) => ({ type, name })),
    { includeSynonyms: true },
  );
  const json: unknown[] = [];
  for (const r of results) {
    const e: Entity = { type: entity.type, name: r.name === '' && entity.type === 'brokers' ? null : r.name };
    const entries = r.configs.filter((c) => opts.all || dynamic(e, c)).sort((x, y) => (x.name < y.name ? -1 : 1));
    if (out.json) {
      json.push({ entityType: entity.type, entityName: e.name, configs: entries });
      continue;
    }
    const heading =
      e.name === null
        ? 'Default configs for brokers in the cluster are:'
        : `${opts.all ? 'All' : 'Dynamic'} configs for ${label(e)} are:`;
    out.line(out.style(heading, 'bold'));
    for (const c of entries) {
      const value = c.isSensitive ? null : c.value;
      const synonyms = c.synonyms.map((s) => `${s.source}:${s.name}=${c.isSensitive ? null : s.value}`).join(', ');
      out.line(`  ${c.name}=${value} sensitive=${c.isSensitive} synonyms={${synonyms}}`);
    }
  }
  if (out.json) out.printJson(json);
  return EXIT.ok;
}

async function alter({ opts, out, admin }: Context<Opts>, entity: Entity): Promise<number> {
  const set = additions(opts);
  const remove = deletions(opts);
  if (Object.keys(set).length === 0 && remove.length === 0)
    throw new UsageError('--alter needs --add-config, --add-config-file or --delete-config');
  if (entity.type === 'topics' && entity.name === '') throw new UsageError('--alter needs --entity-name');
  const both = remove.filter((k) => k in set);
  if (both.length > 0) throw new UsageError(`${both.join(', ')} in both --add-config and --delete-config`);
  await admin().incrementalAlterConfigs([
    {
      type: RESOURCE[entity.type as keyof typeof RESOURCE],
      name: entity.name ?? '',
      ops: [
        ...Object.entries(set).map(([name, value]) => ({ name, op: 'set' as const, value })),
        ...remove.map((name) => ({ name, op: 'delete' as const })),
      ],
    },
  ]);
  if (out.json) out.printJson({ altered: { entityType: entity.type, entityName: entity.name } });
  else if (entity.name === null) out.line('Completed updating default config for brokers in the cluster.');
  else out.line(`Completed updating config for ${label(entity)}.`);
  return EXIT.ok;
}
