/**
 * `samsa consumer-groups` — kafka-consumer-groups.sh: --list, --describe (offsets and lag by
 * default; --members [--verbose]; --state), --delete, --reset-offsets (reset-offsets.ts).
 * Tables use Kafka's column names so existing scripts that grep them keep working.
 */
import { type Admin, type GroupDescription, KafkaError } from '@samsa/client';
import { ApiKey } from '@samsa/protocol';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import { connectionOptions, exactlyOne, outputOption, repeated, tool } from '../cli/options.js';
import { type Context, runTool } from '../cli/run.js';
import { applyZookeeperFlag, zookeeperOption } from '../cli/zookeeper.js';
import { RESET_FLAGS, type ResetFlags, resetOffsets } from './reset-offsets.js';

export interface GroupOpts extends ResetFlags {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  output: string;
  zookeeper?: string;
  list?: boolean;
  describe?: boolean;
  delete?: boolean;
  resetOffsets?: boolean;
  group?: string[];
  allGroups?: boolean;
  members?: boolean;
  state?: boolean | string;
  type?: boolean | string;
  offsets?: boolean;
  verbose?: boolean;
}

const ACTIONS = ['list', 'describe', 'delete', 'resetOffsets'] as const;

function command() {
  let cmd = tool(
    'consumer-groups',
    'List, describe, delete consumer groups and reset their offsets (kafka-consumer-groups.sh).',
  )
    .option('--list', 'List all consumer groups.')
    .option('--describe', 'Describe groups: offsets and lag (default), or --members, or --state.')
    .option('--delete', 'Delete groups (they must have no members).')
    .option('--reset-offsets', 'Reset the offsets of a group (dry run unless --execute).')
    .option('--group <id>', 'The consumer group (repeatable).', repeated)
    .option('--all-groups', 'Apply to all consumer groups.')
    .option('--members', 'With --describe: the members of the group.')
    .option(
      '--state [states]',
      'With --describe: the group state; with --list: show states, or only these (comma separated).',
    )
    .option(
      '--type [types]',
      'With --list: show group types (Classic, Consumer), or only these (comma separated: classic, consumer).',
    )
    .option('--offsets', 'With --describe: offsets and lag (the default).')
    .option('--verbose', "With --describe --members: each member's assignment.");
  for (const [flags, description, parser] of RESET_FLAGS)
    cmd = parser ? cmd.option(flags, description, parser) : cmd.option(flags, description);
  return zookeeperOption(outputOption(connectionOptions(cmd)));
}

export function run(args: string[]): Promise<number> {
  return runTool<GroupOpts>(command(), args, async (ctx) => {
    applyZookeeperFlag(ctx.opts, (m) => ctx.out.warn(m));
    const action = exactlyOne(ctx.opts as unknown as Record<string, unknown>, ACTIONS);
    if (action === 'list') return list(ctx);
    const groups = await groupsOf(ctx.opts, ctx.admin());
    if (action === 'describe') return describe(ctx, groups);
    if (action === 'delete') return remove(ctx, groups);
    return resetOffsets(ctx, groups);
  });
}

async function groupsOf(opts: GroupOpts, admin: Admin): Promise<string[]> {
  if (opts.allGroups && opts.group) throw new UsageError('--group and --all-groups cannot be combined');
  if (opts.allGroups) return (await admin.listGroups()).map((g) => g.groupId);
  if (!opts.group) throw new UsageError('Missing required argument "--group" (or --all-groups)');
  return opts.group;
}

/** Kafka 4's names of group types as its tool prints them. */
const TYPE_NAMES: Record<string, string> = { classic: 'Classic', consumer: 'Consumer' };

async function list({ opts, out, admin }: Context<GroupOpts>): Promise<number> {
  const filter = typeof opts.state === 'string' ? opts.state.split(',').map((s) => s.trim()) : [];
  const byLower = new Set(filter.map((s) => s.toLowerCase()));
  const types = new Set(typeof opts.type === 'string' ? opts.type.split(',').map((s) => s.trim().toLowerCase()) : []);
  for (const t of types) if (!TYPE_NAMES[t]) throw new UsageError(`unknown group type '${t}' (classic, consumer)`);
  const typeOf = (g: { type: string }) => TYPE_NAMES[g.type || 'classic'] ?? g.type;
  const groups = (await admin().listGroups())
    .filter((g) => byLower.size === 0 || byLower.has(g.state.toLowerCase()))
    .filter((g) => types.size === 0 || types.has((g.type || 'classic').toLowerCase()));
  if (out.json)
    out.printJson(
      groups.map((g) => ({ group: g.groupId, state: g.state, protocolType: g.protocolType, type: typeOf(g) })),
    );
  else if (opts.type !== undefined) {
    // Kafka 4's --list --type: GROUP TYPE, and STATE after it with --state.
    const withState = opts.state !== undefined;
    out.table(
      withState ? ['GROUP', 'TYPE', 'STATE'] : ['GROUP', 'TYPE'],
      groups.map((g) => (withState ? [g.groupId, typeOf(g), g.state] : [g.groupId, typeOf(g)])),
    );
  } else if (opts.state !== undefined)
    out.table(
      ['GROUP', 'STATE'],
      groups.map((g) => [g.groupId, g.state]),
    );
  else for (const g of groups) out.line(g.groupId);
  return EXIT.ok;
}

async function describeGroup(admin: Admin, id: string): Promise<GroupDescription> {
  const [d] = await admin.describeGroups([id]);
  if (!d || d.state === 'Dead') throw new CliError(`Consumer group '${id}' does not exist.`, EXIT.refused);
  return d;
}

async function coordinatorOf(admin: Admin, group: string): Promise<string> {
  try {
    const res = await admin.cluster.any(ApiKey.FindCoordinator, { key: group, keyType: 0, coordinatorKeys: [group] });
    const c = res.coordinators?.[0] ?? { nodeId: res.nodeId, host: res.host, port: res.port };
    return `${c.host}:${c.port} (${c.nodeId})`;
  } catch (err) {
    if (err instanceof KafkaError) return '-';
    throw err;
  }
}

async function describe({ opts, out, admin }: Context<GroupOpts>, groups: string[]): Promise<number> {
  const a = admin();
  const json: unknown[] = [];
  for (const id of groups) {
    const d = await describeGroup(a, id);
    if (opts.state !== undefined && opts.state !== false) {
      const coordinator = await coordinatorOf(a, id);
      const cg = d.consumerGroup;
      const epochs = cg ? { groupEpoch: cg.groupEpoch, targetAssignmentEpoch: cg.assignmentEpoch } : {};
      const row = {
        group: id,
        coordinator,
        assignmentStrategy: d.protocol,
        state: d.state,
        ...epochs,
        members: d.members.length,
      };
      if (out.json) json.push(row);
      else {
        out.line();
        // Kafka 4.x shows a consumer group's epochs with --verbose.
        const headers = ['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE'];
        const cells: Array<string | number> = [id, coordinator, d.protocol, d.state];
        if (cg && opts.verbose) {
          headers.push('GROUP-EPOCH', 'TARGET-ASSIGNMENT-EPOCH');
          cells.push(cg.groupEpoch, cg.assignmentEpoch);
        }
        out.table([...headers, '#MEMBERS'], [[...cells, d.members.length]]);
      }
      continue;
    }
    if (!out.json && d.members.length === 0) {
      out.line();
      out.line(`Consumer group '${id}' has no active members.`);
    }
    if (opts.members) {
      const cg = d.consumerGroup;
      const rows = d.members.map((m) => ({
        group: id,
        consumerId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        host: m.clientHost,
        clientId: m.clientId,
        partitions: m.assignment.length,
        assignment: m.assignment,
        ...(cg
          ? {
              currentEpoch: cg.members.get(m.memberId)?.memberEpoch ?? -1,
              targetEpoch: cg.assignmentEpoch,
              targetAssignment: cg.members.get(m.memberId)?.targetAssignment ?? [],
            }
          : {}),
      }));
      if (out.json) json.push(...rows);
      else {
        if (d.members.length > 0) out.line();
        const headers = ['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS'];
        // A consumer (KIP-848) group's members, as Kafka 4.x prints them: epochs and both assignments.
        if (opts.verbose && cg)
          headers.push('CURRENT-EPOCH', 'CURRENT-ASSIGNMENT', 'TARGET-EPOCH', 'TARGET-ASSIGNMENT');
        else if (opts.verbose) headers.push('ASSIGNMENT');
        out.table(
          headers,
          rows.map((r) => {
            const cells: Array<string | number> = [r.group, r.consumerId, r.host, r.clientId, r.partitions];
            if (opts.verbose && cg) {
              cells.push(r.currentEpoch ?? -1, consumerAssignmentText(r.assignment), r.targetEpoch ?? -1);
              cells.push(consumerAssignmentText(r.targetAssignment ?? []));
            } else if (opts.verbose) cells.push(assignmentText(r.assignment));
            return cells;
          }),
        );
      }
      continue;
    }
    const offsets = await a.listGroupOffsets(id);
    const owner = new Map<string, GroupDescription['members'][number]>();
    for (const m of d.members) for (const tp of m.assignment) owner.set(`${tp.topic}\0${tp.partition}`, m);
    const rows: Array<{
      group: string;
      topic: string;
      partition: number;
      currentOffset: bigint | null;
      logEndOffset: bigint | null;
      lag: bigint | null;
      consumerId: string | null;
      host: string | null;
      clientId: string | null;
    }> = [];
    const seen = new Set<string>();
    for (const o of offsets) {
      const m = owner.get(`${o.topic}\0${o.partition}`);
      seen.add(`${o.topic}\0${o.partition}`);
      rows.push({
        group: id,
        topic: o.topic,
        partition: o.partition,
        currentOffset: o.offset,
        logEndOffset: o.logEndOffset,
        lag: o.lag,
        consumerId: m?.memberId ?? null,
        host: m?.clientHost ?? null,
        clientId: m?.clientId ?? null,
      });
    }
    // Assigned partitions without a committed offset yet: Kafka lists them with '-' for the offset.
    const uncommitted = [...owner].filter(([k]) => !seen.has(k));
    const ends = uncommitted.length
      ? await a.listOffsets(uncommitted.map(([k]) => ({ ...splitKey(k), spec: 'latest' as const })))
      : [];
    for (const [i, [k, m]] of uncommitted.entries()) {
      rows.push({
        group: id,
        ...splitKey(k),
        currentOffset: null,
        logEndOffset: ends[i]?.offset ?? null,
        lag: null,
        consumerId: m.memberId,
        host: m.clientHost,
        clientId: m.clientId,
      });
    }
    rows.sort((x, y) => (x.topic === y.topic ? x.partition - y.partition : x.topic < y.topic ? -1 : 1));
    if (out.json) json.push(...rows);
    else {
      out.line();
      out.table(
        ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
        rows.map((r) => [
          r.group,
          r.topic,
          r.partition,
          r.currentOffset,
          r.logEndOffset,
          r.lag,
          r.consumerId,
          r.host,
          r.clientId,
        ]),
      );
    }
  }
  if (out.json) out.printJson(json);
  return EXIT.ok;
}

function splitKey(k: string): { topic: string; partition: number } {
  const [topic, partition] = k.split('\0') as [string, string];
  return { topic, partition: Number(partition) };
}

function assignmentText(tps: Array<{ topic: string; partition: number }>): string {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic].map(([t, ps]) => `${t}(${ps.sort((a, b) => a - b).join(',')})`).join(',') || '-';
}

/** A consumer (KIP-848) group member's assignment as Kafka 4.x prints it: `a:0,1;b:2`. */
function consumerAssignmentText(tps: Array<{ topic: string; partition: number }>): string {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic].map(([t, ps]) => `${t}:${ps.sort((a, b) => a - b).join(',')}`).join(';') || '-';
}

async function remove({ out, admin }: Context<GroupOpts>, groups: string[]): Promise<number> {
  const a = admin();
  const deleted: string[] = [];
  let failed = false;
  for (const id of groups) {
    try {
      await a.deleteGroups([id]);
      deleted.push(id);
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      failed = true;
      const why =
        err.errorName === 'GROUP_ID_NOT_FOUND'
          ? `Group '${id}' does not exist.`
          : err.errorName === 'NON_EMPTY_GROUP'
            ? `Group '${id}' is not empty: stop its consumers first.`
            : `${err.errorName}: ${err.message}`;
      out.error(`Deletion of group '${id}' failed: ${why}`);
    }
  }
  if (out.json) out.printJson({ deleted });
  else if (deleted.length > 0)
    out.line(`Deletion of requested consumer groups (${deleted.map((g) => `'${g}'`).join(', ')}) was successful.`);
  return failed ? EXIT.refused : EXIT.ok;
}
