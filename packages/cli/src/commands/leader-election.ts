/**
 * `samsa leader-election` — kafka-leader-election.sh: asks the controller for a preferred or
 * unclean leader election on every partition, one partition, or those of Kafka's JSON file
 * {"partitions":[{"topic":"t","partition":0}]}. Partitions whose right leader already leads are
 * reported apart ("Valid replica already elected"); any other failure makes the exit code 2.
 */
import { readFileSync } from 'node:fs';
import type { ElectionType, TopicPartition } from '@samsa/client';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import { connectionOptions, int, Option, outputOption, tool } from '../cli/options.js';
import { runTool } from '../cli/run.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  output: string;
  electionType?: string;
  allTopicPartitions?: boolean;
  topic?: string;
  partition?: number;
  pathToJsonFile?: string;
}

const ELECTION_NOT_NEEDED = 84;

function command() {
  return outputOption(
    connectionOptions(
      tool('leader-election', 'Elect partition leaders (kafka-leader-election.sh).')
        .addOption(
          new Option('--election-type <type>', 'REQUIRED: PREFERRED or UNCLEAN.').choices([
            'PREFERRED',
            'UNCLEAN',
            'preferred',
            'unclean',
          ]),
        )
        .option('--all-topic-partitions', 'Elect leaders for every partition.')
        .option('--topic <name>', 'Elect leaders for this topic (with --partition: one partition).')
        .option('--partition <n>', 'The partition of --topic.', int('--partition'))
        .option('--path-to-json-file <file>', '{"partitions":[{"topic":"t","partition":0}]}'),
    ),
  );
}

export function parsePartitionsJson(text: string, file: string): TopicPartition[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const partitions = (doc as { partitions?: unknown })?.partitions;
  if (!Array.isArray(partitions) || partitions.length === 0)
    throw new UsageError(`${file} needs a non-empty "partitions" array`);
  return partitions.map((p: { topic?: unknown; partition?: unknown }, i) => {
    if (typeof p.topic !== 'string' || !Number.isInteger(p.partition))
      throw new UsageError(`${file}: partitions[${i}] needs "topic" and "partition"`);
    return { topic: p.topic, partition: p.partition as number };
  });
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, async ({ opts, out, admin }) => {
    if (!opts.electionType) throw new UsageError('Missing required option --election-type (PREFERRED or UNCLEAN)');
    const type = opts.electionType.toLowerCase() as ElectionType;
    const sources = [opts.allTopicPartitions, opts.topic !== undefined, opts.pathToJsonFile !== undefined].filter(
      Boolean,
    );
    if (sources.length !== 1)
      throw new UsageError('Exactly one of --all-topic-partitions, --topic or --path-to-json-file must be given');
    if (opts.partition !== undefined && opts.topic === undefined) throw new UsageError('--partition needs --topic');
    let partitions: TopicPartition[] | null = null;
    if (opts.pathToJsonFile) {
      let text: string;
      try {
        text = readFileSync(opts.pathToJsonFile, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read ${opts.pathToJsonFile}: ${(err as Error).message}`, EXIT.usage);
      }
      partitions = parsePartitionsJson(text, opts.pathToJsonFile);
    } else if (opts.topic !== undefined) {
      if (opts.partition !== undefined) partitions = [{ topic: opts.topic, partition: opts.partition }];
      else {
        const [d] = await admin().describeTopics([opts.topic]);
        partitions = (d?.partitions ?? []).map((p) => ({ topic: opts.topic as string, partition: p.partition }));
      }
    }
    const results = await admin().electLeaders(type, partitions);
    if (out.json) out.printJson(results);
    const name = type.toUpperCase();
    const list = (rs: typeof results) => rs.map((r) => `${r.topic}-${r.partition}`).join(', ');
    const done = results.filter((r) => r.errorCode === 0);
    const notNeeded = results.filter((r) => r.errorCode === ELECTION_NOT_NEEDED);
    const failed = results.filter((r) => r.errorCode !== 0 && r.errorCode !== ELECTION_NOT_NEEDED);
    if (!out.json) {
      if (done.length > 0) out.line(`Successfully completed leader election (${name}) for partitions ${list(done)}`);
      if (notNeeded.length > 0) out.line(`Valid replica already elected for partitions ${list(notNeeded)}`);
      for (const f of failed)
        out.error(
          `Error completing leader election (${name}) for partition: ${f.topic}-${f.partition}: ${f.errorMessage ?? `error code ${f.errorCode}`}`,
        );
    }
    return failed.length > 0 ? EXIT.refused : EXIT.ok;
  });
}
