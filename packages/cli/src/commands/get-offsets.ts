/**
 * `samsa get-offsets` — kafka-get-offsets.sh: prints `topic:partition:offset` for the latest
 * (--time -1, the default), earliest (-2), max-timestamp (-3) offset or the first offset at or
 * after a timestamp in milliseconds. --topic is a regular expression, as in Kafka.
 */
import type { OffsetSpec } from '@samsa/client';
import { EXIT, UsageError } from '../cli/errors.js';
import { connectionOptions, outputOption, tool } from '../cli/options.js';
import { runTool } from '../cli/run.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  output: string;
  topic?: string;
  partitions?: string;
  topicPartitions?: string;
  time: string;
  excludeInternalTopics?: boolean;
}

function command() {
  const cmd = tool('get-offsets', 'Print offsets of topic partitions (kafka-get-offsets.sh).')
    .option('--topic <regex>', 'Topics to query (a regular expression; default all).')
    .option('--partitions <list>', 'Partition ids, comma separated (default all).')
    .option('--topic-partitions <list>', 'topic:partition entries, comma separated, e.g. t:0,u:1-3.')
    .option('--time <time>', '-1 or latest, -2 or earliest, -3 or max-timestamp, or a timestamp in ms.', '-1')
    .option('--exclude-internal-topics', 'Leave out internal topics.');
  return outputOption(connectionOptions(cmd));
}

function specOf(time: string): OffsetSpec {
  if (time === '-1' || time === 'latest') return 'latest';
  if (time === '-2' || time === 'earliest') return 'earliest';
  if (time === '-3' || time === 'max-timestamp') return 'maxTimestamp';
  if (/^\d+$/.test(time)) return { timestamp: Number(time) };
  throw new UsageError(
    `--time must be -1, -2, -3, latest, earliest, max-timestamp or a timestamp in ms, got '${time}'`,
  );
}

function range(s: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
  if (!m) throw new UsageError(`bad partition '${s}'`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, async ({ opts, out, admin }) => {
    const spec = specOf(opts.time);
    if (opts.topicPartitions && (opts.topic || opts.partitions))
      throw new UsageError('--topic-partitions cannot be combined with --topic or --partitions');
    const a = admin();
    const all = await a.listTopics({ listInternal: !opts.excludeInternalTopics });
    const wanted = new Map<string, number[] | null>();
    if (opts.topicPartitions) {
      for (const entry of opts.topicPartitions.split(',')) {
        const [t, p] = entry.split(':') as [string, string | undefined];
        wanted.set(t, p === undefined ? null : [...(wanted.get(t) ?? []), ...range(p)]);
      }
    } else {
      const re = new RegExp(`^(?:${opts.topic ?? '.*'})$`);
      const parts = opts.partitions ? opts.partitions.split(',').flatMap(range) : null;
      for (const t of all) if (t === opts.topic || re.test(t)) wanted.set(t, parts);
    }
    const topics = [...wanted.keys()].filter((t) => all.includes(t)).sort();
    const described = topics.length ? await a.describeTopics(topics) : [];
    const queries = described.flatMap((d) =>
      d.partitions
        .map((p) => p.partition)
        .filter((p) => wanted.get(d.name) === null || wanted.get(d.name)?.includes(p))
        .map((partition) => ({ topic: d.name, partition, spec })),
    );
    const answers = queries.length ? await a.listOffsets(queries) : [];
    if (out.json) out.printJson(answers.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
    else for (const x of answers) out.line(`${x.topic}:${x.partition}:${x.offset < 0n ? '' : x.offset}`);
    return EXIT.ok;
  });
}
