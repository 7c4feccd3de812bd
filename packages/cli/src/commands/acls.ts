/**
 * `samsa acls` — kafka-acls.sh (Kafka's AclCommand) through the Admin API: --add, --remove and
 * --list of ACLs on topics, groups, the cluster, transactional ids, delegation tokens and user
 * principals, with kafka-acls.sh's flags, its --producer / --consumer conveniences and its output
 * lines ("Adding ACLs for resource `ResourcePattern(...)`:", "Current ACLs for resource ...", in
 * the 3.9 tool's spacing). --remove asks for confirmation on stdin unless --force is given and,
 * like Kafka's tool, prints nothing else.
 */
import { createInterface } from 'node:readline';
import type {
  AccessControlEntry,
  AclBinding,
  AclBindingFilter,
  AclOperationName,
  AclPatternType,
  AclResourceType,
  ResourcePattern,
} from '@samsa/client';
import { UsageError } from '../cli/errors.js';
import { connectionOptions, exactlyOne, outputOption, repeated, required, tool } from '../cli/options.js';
import type { Output } from '../cli/output.js';
import { runTool } from '../cli/run.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  output: string;
  add?: boolean;
  remove?: boolean;
  list?: boolean;
  allowPrincipal?: string[];
  denyPrincipal?: string[];
  allowHost?: string[];
  denyHost?: string[];
  operation?: string[];
  topic?: string[];
  group?: string[];
  cluster?: boolean;
  transactionalId?: string[];
  delegationToken?: string[];
  userPrincipal?: string[];
  resourcePatternType?: string;
  producer?: boolean;
  consumer?: boolean;
  idempotent?: boolean;
  force?: boolean;
  principal?: string[];
}

const OPERATIONS: Record<string, AclOperationName> = {
  read: 'READ',
  write: 'WRITE',
  create: 'CREATE',
  delete: 'DELETE',
  alter: 'ALTER',
  describe: 'DESCRIBE',
  clusteraction: 'CLUSTER_ACTION',
  describeconfigs: 'DESCRIBE_CONFIGS',
  alterconfigs: 'ALTER_CONFIGS',
  idempotentwrite: 'IDEMPOTENT_WRITE',
  createtokens: 'CREATE_TOKENS',
  describetokens: 'DESCRIBE_TOKENS',
  all: 'ALL',
};

function command() {
  return outputOption(
    connectionOptions(tool('acls', 'Add, remove and list ACLs (kafka-acls.sh).'))
      .option('--add', 'Add ACLs.')
      .option('--remove', 'Remove ACLs.')
      .option('--list', 'List ACLs (of the given resources, or all).')
      .option('--allow-principal <principal>', 'Principal allowed (User:alice; User:* for all). Repeatable.', repeated)
      .option('--deny-principal <principal>', 'Principal denied. Repeatable.', repeated)
      .option('--allow-host <host>', 'Host the allowed principals may connect from (default *). Repeatable.', repeated)
      .option('--deny-host <host>', 'Host the denied principals are refused from (default *). Repeatable.', repeated)
      .option(
        '--operation <operation>',
        'Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens or All (default All). Repeatable.',
        repeated,
      )
      .option('--topic <topic>', 'Topic (* for all). Repeatable.', repeated)
      .option('--group <group>', 'Consumer group (* for all). Repeatable.', repeated)
      .option('--cluster', 'The cluster resource.')
      .option('--transactional-id <id>', 'Transactional id (* for all). Repeatable.', repeated)
      .option('--delegation-token <token>', 'Delegation token (* for all). Repeatable.', repeated)
      .option('--user-principal <principal>', 'User principal resource (* for all). Repeatable.', repeated)
      .option(
        '--resource-pattern-type <type>',
        'LITERAL or PREFIXED for --add/--remove (default LITERAL); also ANY or MATCH for --list/--remove (--list default ANY).',
      )
      .option(
        '--producer',
        'The ACLs a producer needs: WRITE, DESCRIBE and CREATE on the topics (and transactional ids).',
      )
      .option('--consumer', 'The ACLs a consumer needs: READ and DESCRIBE on the topics, READ on the groups.')
      .option('--idempotent', 'With --producer: IDEMPOTENT_WRITE on the cluster too.')
      .option('--force', 'Remove without asking for confirmation.')
      .option('--principal <principal>', 'With --list: only the ACLs of this principal. Repeatable.', repeated),
  );
}

/** Java's ResourcePattern.toString / ResourcePatternFilter.toString. */
function patternText(p: { resourceType: string; name: string | null; patternType: string }, filter = false): string {
  return `${filter ? 'ResourcePatternFilter' : 'ResourcePattern'}(resourceType=${p.resourceType}, name=${p.name ?? '<any>'}, patternType=${p.patternType})`;
}

/** Java's AccessControlEntry.toString. */
function entryText(e: AccessControlEntry): string {
  return `(principal=${e.principal}, host=${e.host}, operation=${e.operation}, permissionType=${e.permissionType})`;
}

function block(heading: string, entries: AccessControlEntry[]): string {
  return `${heading}: \n ${entries.map((e) => `\t${entryText(e)}`).join('\n')} \n`;
}

function patternType(opts: Opts, action: 'add' | 'remove' | 'list'): AclPatternType {
  const given = (opts.resourcePatternType ?? (action === 'list' ? 'ANY' : 'LITERAL')).toUpperCase();
  const allowed = action === 'add' ? ['LITERAL', 'PREFIXED'] : ['LITERAL', 'PREFIXED', 'ANY', 'MATCH'];
  if (!allowed.includes(given))
    throw new UsageError(`--resource-pattern-type ${given} is not valid with --${action}; use ${allowed.join(', ')}`);
  return given as AclPatternType;
}

/** The resources named on the command line; empty when none is. */
function resources(
  opts: Opts,
  pattern: AclPatternType,
): Array<{ resourceType: AclResourceType; name: string; patternType: AclPatternType }> {
  const of = (resourceType: AclResourceType, names: string[] | undefined) =>
    (names ?? []).map((name) => ({ resourceType, name, patternType: pattern }));
  return [
    ...of('TOPIC', opts.topic),
    ...of('GROUP', opts.group),
    ...(opts.cluster ? of('CLUSTER', ['kafka-cluster']) : []),
    ...of('TRANSACTIONAL_ID', opts.transactionalId),
    ...of('DELEGATION_TOKEN', opts.delegationToken),
    ...of('USER', opts.userPrincipal),
  ];
}

function operations(opts: Opts): AclOperationName[] {
  return (opts.operation ?? ['All']).map((o) => {
    const op = OPERATIONS[o.toLowerCase().replace(/[_-]/g, '')];
    if (!op) throw new UsageError(`--operation ${o} is not one of ${Object.keys(OPERATIONS).join(', ')}`);
    return op;
  });
}

function checkPrincipal(p: string): string {
  if (!/^[^:]+:.+$/.test(p)) throw new UsageError(`'${p}' is not a principal: use Type:name, e.g. User:alice`);
  return p;
}

/** Entries from --allow-/--deny-principal and hosts, for the given operations. */
function entries(opts: Opts, ops: AclOperationName[]): AccessControlEntry[] {
  const out: AccessControlEntry[] = [];
  for (const [principals, hosts, permissionType] of [
    [opts.allowPrincipal, opts.allowHost, 'ALLOW'],
    [opts.denyPrincipal, opts.denyHost, 'DENY'],
  ] as const) {
    for (const principal of principals ?? []) {
      for (const host of hosts && hosts.length > 0 ? hosts : ['*']) {
        for (const operation of ops)
          out.push({ principal: checkPrincipal(principal), host, operation, permissionType });
      }
    }
  }
  return out;
}

/** Resource → entries to add (or remove), with --producer / --consumer expanded as Kafka does. */
function bindingsByResource(
  opts: Opts,
  pattern: AclPatternType,
): Array<{ pattern: ResourcePattern; entries: AccessControlEntry[] }> {
  const out: Array<{ pattern: ResourcePattern; entries: AccessControlEntry[] }> = [];
  const add = (p: ResourcePattern, ops: AclOperationName[]) => out.push({ pattern: p, entries: entries(opts, ops) });
  if (opts.producer || opts.consumer) {
    if (!opts.topic?.length) throw new UsageError('--producer and --consumer need --topic');
    if (opts.consumer && !opts.group?.length) throw new UsageError('--consumer needs --group');
    const all = resources(opts, pattern);
    for (const r of all) {
      if (opts.producer && r.resourceType === 'TOPIC') add(r, ['WRITE', 'DESCRIBE', 'CREATE']);
      if (opts.producer && r.resourceType === 'TRANSACTIONAL_ID') add(r, ['WRITE', 'DESCRIBE']);
      if (opts.consumer && r.resourceType === 'TOPIC') add(r, ['READ', 'DESCRIBE']);
      if (opts.consumer && r.resourceType === 'GROUP') add(r, ['READ']);
    }
    if (opts.producer && opts.idempotent)
      add({ resourceType: 'CLUSTER', name: 'kafka-cluster', patternType: 'LITERAL' }, ['IDEMPOTENT_WRITE']);
    // Merge what --producer and --consumer both put on a topic.
    const merged = new Map<string, { pattern: ResourcePattern; entries: AccessControlEntry[] }>();
    for (const b of out) {
      const k = patternText(b.pattern);
      const m = merged.get(k);
      if (m) m.entries.push(...b.entries.filter((e) => !m.entries.some((x) => entryText(x) === entryText(e))));
      else merged.set(k, { pattern: b.pattern, entries: [...b.entries] });
    }
    return [...merged.values()];
  }
  for (const r of resources(opts, pattern)) add(r, operations(opts));
  return out;
}

function groupByPattern(
  bindings: AclBinding[],
): Map<string, { pattern: ResourcePattern; entries: AccessControlEntry[] }> {
  const out = new Map<string, { pattern: ResourcePattern; entries: AccessControlEntry[] }>();
  for (const b of bindings) {
    const k = patternText(b.pattern);
    const g = out.get(k) ?? { pattern: b.pattern, entries: [] };
    g.entries.push(b.entry);
    out.set(k, g);
  }
  return out;
}

async function confirm(question: string): Promise<boolean> {
  process.stdout.write(`${question}\n`);
  const rl = createInterface({ input: process.stdin });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return answer.trim().toLowerCase() === 'y';
  } finally {
    rl.close();
  }
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, async ({ opts, out, admin }) => {
    required(opts.bootstrapServer, '--bootstrap-server');
    const action = exactlyOne(opts as unknown as Record<string, unknown>, ['add', 'remove', 'list'] as const);
    const pattern = patternType(opts, action);
    if (action !== 'list' && (opts.principal?.length ?? 0) > 0)
      throw new UsageError('--principal is only valid with --list');
    if (action === 'list' && (opts.allowPrincipal || opts.denyPrincipal || opts.producer || opts.consumer))
      throw new UsageError('--list takes resources and --principal, not principals to allow or deny');
    const a = admin();
    if (action === 'add') {
      const todo = bindingsByResource(opts, pattern);
      if (todo.length === 0)
        throw new UsageError('--add needs a resource: --topic, --group, --cluster, --transactional-id, ...');
      if (todo.some((t) => t.entries.length === 0))
        throw new UsageError('--add needs --allow-principal or --deny-principal');
      for (const t of todo) {
        if (!out.json) out.line(block(`Adding ACLs for resource \`${patternText(t.pattern)}\``, t.entries));
        await a.createAcls(t.entries.map((entry) => ({ pattern: t.pattern, entry })));
      }
      if (out.json) out.printJson(todo.flatMap((t) => t.entries.map((entry) => ({ pattern: t.pattern, entry }))));
      // Kafka's tool prints what it adds and nothing more (no listing afterwards since 3.x).
      return 0;
    }
    if (action === 'remove') {
      const named = resources(opts, pattern);
      if (named.length === 0)
        throw new UsageError('--remove needs a resource: --topic, --group, --cluster, --transactional-id, ...');
      const withPrincipals = opts.allowPrincipal || opts.denyPrincipal;
      const todo = withPrincipals ? bindingsByResource(opts, pattern) : named.map((p) => ({ pattern: p, entries: [] }));
      for (const t of todo) {
        const filterText = patternText(t.pattern, true);
        const question =
          t.entries.length === 0
            ? `Are you sure you want to delete all ACLs for resource filter \`${filterText}\`? (y/n)`
            : `Are you sure you want to remove ACLs: \n ${t.entries.map((e) => `\t${entryText(e)}`).join('\n')} \n from resource filter \`${filterText}\`? (y/n)`;
        if (!opts.force && !(await confirm(question))) continue;
        const patternFilter = {
          resourceType: t.pattern.resourceType,
          name: t.pattern.name,
          patternType: t.pattern.patternType,
        };
        const filters: AclBindingFilter[] =
          t.entries.length === 0
            ? [{ patternFilter, entryFilter: {} }]
            : t.entries.map((e) => ({ patternFilter, entryFilter: { ...e } }));
        await a.deleteAcls(filters);
      }
      return 0;
    }
    return list(out, resources(opts, pattern), (opts.principal ?? []).map(checkPrincipal));

    async function list(output: Output, patterns: ResourcePattern[], principals: string[]): Promise<number> {
      const filters: AclBindingFilter[] =
        patterns.length === 0
          ? [{ patternFilter: {}, entryFilter: {} }]
          : patterns.map((p) => ({ patternFilter: { ...p }, entryFilter: {} }));
      const found: AclBinding[] = [];
      for (const f of filters) found.push(...(await a.describeAcls(f)));
      const shown = principals.length === 0 ? found : found.filter((b) => principals.includes(b.entry.principal));
      if (output.json) {
        output.printJson(shown);
        return 0;
      }
      for (const { pattern: p, entries: es } of groupByPattern(shown).values()) {
        if (principals.length === 0) output.line(block(`Current ACLs for resource \`${patternText(p)}\``, es));
        else
          for (const principal of principals) {
            const mine = es.filter((e) => e.principal === principal);
            if (mine.length > 0)
              output.line(
                block(`Current ACLs for principal \`${principal}\` and resource \`${patternText(p)}\``, mine),
              );
          }
      }
      return 0;
    }
  });
}
