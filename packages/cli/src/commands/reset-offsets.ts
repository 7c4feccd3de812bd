/**
 * `samsa consumer-groups --reset-offsets`: computes each partition's new offset from one
 * scenario (--to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime,
 * --by-duration), prints the plan, and applies it only with --execute (a dry run otherwise, as
 * in Kafka). Offsets are clamped to the partition's [earliest, latest], as Kafka does.
 */
import type { Admin, TopicPartition } from '@samsa/client';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import { repeated } from '../cli/options.js';
import type { Context } from '../cli/run.js';
import type { GroupOpts } from './consumer-groups.js';

export interface ResetFlags {
  topic?: string[];
  allTopics?: boolean;
  toEarliest?: boolean;
  toLatest?: boolean;
  toCurrent?: boolean;
  toOffset?: string;
  shiftBy?: string;
  toDatetime?: string;
  byDuration?: string;
  dryRun?: boolean;
  execute?: boolean;
}

export const RESET_FLAGS: Array<[string, string, ((v: string, prev: string[] | undefined) => string[])?]> = [
  ['--topic <topic>', 'With --reset-offsets: a topic, or topic:0,1 for some partitions (repeatable).', repeated],
  ['--all-topics', 'With --reset-offsets: every topic the group has offsets for.'],
  ['--to-earliest', 'Reset to the earliest offset.'],
  ['--to-latest', 'Reset to the latest offset.'],
  ['--to-current', 'Reset to the current offset.'],
  ['--to-offset <offset>', 'Reset to this offset.'],
  ['--shift-by <n>', 'Move the current offset by n (may be negative).'],
  [
    '--to-datetime <datetime>',
    "Reset to the first offset at or after a time: 'YYYY-MM-DDTHH:mm:SS.sss' (UTC unless a zone is given).",
  ],
  ['--by-duration <duration>', "Reset to the first offset at or after now minus a duration: 'PnDTnHnMnS'."],
  ['--dry-run', 'Only show the new offsets (the default).'],
  ['--execute', 'Apply the new offsets.'],
];

const SCENARIOS = ['toEarliest', 'toLatest', 'toCurrent', 'toOffset', 'shiftBy', 'toDatetime', 'byDuration'] as const;

export function parseDuration(s: string): number {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
    s.trim(),
  );
  if (!m || s.trim().toUpperCase() === 'P' || s.trim().toUpperCase().endsWith('T'))
    throw new UsageError(`--by-duration must look like PnDTnHnMnS (e.g. PT15M, P1DT2H), got '${s}'`);
  const [d, h, min, sec] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
  return Math.round((((d * 24 + h) * 60 + min) * 60 + sec) * 1000);
}

export function parseDatetime(s: string): number {
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(s);
  const t = Date.parse(hasZone ? s : `${s}Z`);
  if (Number.isNaN(t)) throw new UsageError(`--to-datetime must look like YYYY-MM-DDTHH:mm:SS.sss, got '${s}'`);
  return t;
}

function bigintArg(s: string, flag: string): bigint {
  if (!/^-?\d+$/.test(s.trim())) throw new UsageError(`${flag} must be an integer, got '${s}'`);
  return BigInt(s.trim());
}

async function partitionsToReset(opts: GroupOpts, admin: Admin, group: string): Promise<TopicPartition[]> {
  if (opts.allTopics && opts.topic) throw new UsageError('--topic and --all-topics cannot be combined');
  if (opts.allTopics)
    return (await admin.listGroupOffsets(group)).map(({ topic, partition }) => ({ topic, partition }));
  if (!opts.topic) throw new UsageError('--reset-offsets needs --topic or --all-topics');
  const out: TopicPartition[] = [];
  for (const spec of opts.topic) {
    const [topic, parts] = spec.split(':') as [string, string | undefined];
    if (parts) {
      for (const p of parts.split(',')) out.push({ topic, partition: Number(bigintArg(p, '--topic partition')) });
    } else {
      const [d] = await admin.describeTopics([topic]);
      for (const p of d?.partitions ?? []) out.push({ topic, partition: p.partition });
    }
  }
  return out;
}

export async function resetOffsets({ opts, out, admin }: Context<GroupOpts>, groups: string[]): Promise<number> {
  const given = SCENARIOS.filter((s) => opts[s] !== undefined);
  if (given.length !== 1)
    throw new UsageError(
      'Option --reset-offsets needs exactly one of --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration',
    );
  if (opts.dryRun && opts.execute) throw new UsageError('--dry-run and --execute cannot be combined');
  if (!opts.dryRun && !opts.execute && !out.json)
    out.warn('No action will be performed as the --execute option is missing (--dry-run is the default).');
  const scenario = given[0];
  // Every value is checked before the first request, so a typo fails fast with usage.
  const fixed = scenario === 'toOffset' ? bigintArg(opts.toOffset as string, '--to-offset') : 0n;
  const shift = scenario === 'shiftBy' ? bigintArg(opts.shiftBy as string, '--shift-by') : 0n;
  const timestamp =
    scenario === 'toDatetime'
      ? parseDatetime(opts.toDatetime as string)
      : scenario === 'byDuration'
        ? Date.now() - parseDuration(opts.byDuration as string)
        : 0;
  if (!opts.allTopics && !opts.topic) throw new UsageError('--reset-offsets needs --topic or --all-topics');
  const a = admin();
  const all: Array<{ group: string; topic: string; partition: number; newOffset: bigint }> = [];
  for (const group of groups) {
    const [d] = await a.describeGroups([group]);
    if (opts.execute && d && d.state !== 'Empty' && d.state !== 'Dead')
      throw new CliError(
        `Assignments can only be reset if the group '${group}' is inactive, but the current state is ${d.state}.`,
        EXIT.refused,
      );
    const tps = await partitionsToReset(opts, a, group);
    if (tps.length === 0) continue;
    const [earliest, latest] = await Promise.all([
      a.listOffsets(tps.map((tp) => ({ ...tp, spec: 'earliest' as const }))),
      a.listOffsets(tps.map((tp) => ({ ...tp, spec: 'latest' as const }))),
    ]);
    const committed = new Map(
      (await a.listGroupOffsets(group, { partitions: tps })).map((o) => [`${o.topic}\0${o.partition}`, o.offset]),
    );
    let byTime: bigint[] | null = null;
    if (scenario === 'toDatetime' || scenario === 'byDuration')
      byTime = (await a.listOffsets(tps.map((tp) => ({ ...tp, spec: { timestamp } })))).map((x) => x.offset);
    tps.forEach((tp, i) => {
      const lo = earliest[i]?.offset ?? 0n;
      const hi = latest[i]?.offset ?? 0n;
      const current = committed.get(`${tp.topic}\0${tp.partition}`) ?? lo;
      let target: bigint;
      if (scenario === 'toEarliest') target = lo;
      else if (scenario === 'toLatest') target = hi;
      else if (scenario === 'toCurrent') target = current;
      else if (scenario === 'toOffset') target = fixed;
      else if (scenario === 'shiftBy') target = current + shift;
      else target = (byTime?.[i] ?? -1n) < 0n ? hi : (byTime?.[i] as bigint);
      if (target < lo) target = lo;
      if (target > hi) target = hi;
      all.push({ group, ...tp, newOffset: target });
    });
    if (opts.execute) {
      await a.alterGroupOffsets(
        group,
        all
          .filter((r) => r.group === group)
          .map((r) => ({ topic: r.topic, partition: r.partition, offset: r.newOffset })),
      );
    }
  }
  all.sort((x, y) =>
    x.group !== y.group
      ? x.group < y.group
        ? -1
        : 1
      : x.topic === y.topic
        ? x.partition - y.partition
        : x.topic < y.topic
          ? -1
          : 1,
  );
  if (out.json) out.printJson(all);
  else {
    out.line();
    out.table(
      ['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'],
      all.map((r) => [r.group, r.topic, r.partition, r.newOffset]),
    );
  }
  return EXIT.ok;
}
