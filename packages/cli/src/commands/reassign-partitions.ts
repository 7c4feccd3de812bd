/**
 * `samsa reassign-partitions` — kafka-reassign-partitions.sh: moves partition replicas between
 * brokers with the controller's reassignment (KIP-455), using Kafka's JSON files:
 *
 *   --generate --topics-to-move-json-file {"topics":[{"topic":"t"}],"version":1} --broker-list 1,2,3
 *   --execute  --reassignment-json-file {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2]}]}
 *   --verify   --reassignment-json-file f   (completed / still in progress, per partition)
 *   --cancel   --reassignment-json-file f
 *   --list
 *
 * --execute prints the current assignment first, to save for a rollback, as Kafka's tool does.
 */
import { readFileSync } from 'node:fs';
import type { Admin } from '@samsa/client';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import { connectionOptions, exactlyOne, outputOption, required, tool } from '../cli/options.js';
import type { Output } from '../cli/output.js';
import { runTool } from '../cli/run.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  output: string;
  generate?: boolean;
  execute?: boolean;
  verify?: boolean;
  cancel?: boolean;
  list?: boolean;
  reassignmentJsonFile?: string;
  topicsToMoveJsonFile?: string;
  brokerList?: string;
}

interface Move {
  topic: string;
  partition: number;
  replicas: number[];
}

const ACTIONS = ['generate', 'execute', 'verify', 'cancel', 'list'] as const;

function command() {
  return outputOption(
    connectionOptions(
      tool('reassign-partitions', 'Move partition replicas between brokers (kafka-reassign-partitions.sh).')
        .option('--generate', 'Propose an assignment of the topics in --topics-to-move-json-file over --broker-list.')
        .option('--execute', 'Start the reassignment in --reassignment-json-file.')
        .option('--verify', 'Report whether the reassignment in --reassignment-json-file has completed.')
        .option('--cancel', 'Cancel the reassignment in --reassignment-json-file.')
        .option('--list', 'List the reassignments in progress.')
        .option(
          '--reassignment-json-file <file>',
          '{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2]}]}',
        )
        .option('--topics-to-move-json-file <file>', '{"topics":[{"topic":"t"}],"version":1}')
        .option('--broker-list <ids>', 'Brokers to spread the replicas over, e.g. "1,2,3" (with --generate).'),
    ),
  );
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.usage);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`);
  }
}

export function parseReassignmentJson(doc: unknown, file: string): Move[] {
  const partitions = (doc as { partitions?: unknown })?.partitions;
  if (!Array.isArray(partitions) || partitions.length === 0)
    throw new UsageError(`${file} needs a non-empty "partitions" array`);
  const seen = new Set<string>();
  return partitions.map((p: { topic?: unknown; partition?: unknown; replicas?: unknown }, i) => {
    const ok =
      typeof p.topic === 'string' &&
      Number.isInteger(p.partition) &&
      Array.isArray(p.replicas) &&
      p.replicas.length > 0 &&
      p.replicas.every((r) => Number.isInteger(r));
    if (!ok)
      throw new UsageError(`${file}: partitions[${i}] needs "topic", "partition" and a non-empty "replicas" list`);
    const key = `${p.topic}-${p.partition}`;
    if (seen.has(key)) throw new UsageError(`${file}: partition ${key} is listed more than once`);
    seen.add(key);
    return { topic: p.topic as string, partition: p.partition as number, replicas: p.replicas as number[] };
  });
}

function assignmentJson(moves: Move[]): string {
  return JSON.stringify({
    version: 1,
    partitions: moves.map((m) => ({ ...m, log_dirs: m.replicas.map(() => 'any') })),
  });
}

async function currentAssignment(admin: Admin, topics: string[]): Promise<Move[]> {
  const described = await admin.describeTopics(topics);
  return described.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partition, replicas: p.replicas })),
  );
}

/** Round-robin placement over the broker list, replication factor kept (Kafka's tool randomises the start). */
export function proposeAssignment(current: Move[], brokers: number[]): Move[] {
  return current.map((m, i) => {
    const rf = Math.min(m.replicas.length, brokers.length);
    return {
      topic: m.topic,
      partition: m.partition,
      replicas: Array.from({ length: rf }, (_, r) => brokers[(i + r) % brokers.length] as number),
    };
  });
}

function printOutcome(
  out: Output,
  what: string,
  outcome: Array<{ topic: string; partition: number; errorCode: number; errorMessage: string | null }>,
): number {
  const failed = outcome.filter((o) => o.errorCode !== 0);
  const ok = outcome.filter((o) => o.errorCode === 0);
  if (ok.length > 0) out.line(`Successfully ${what} for ${ok.map((o) => `${o.topic}-${o.partition}`).join(',')}`);
  for (const f of failed)
    out.error(
      `Error ${what.replace(/ed /, 'ing ')} for ${f.topic}-${f.partition}: ${f.errorMessage ?? `error code ${f.errorCode}`}`,
    );
  return failed.length > 0 ? EXIT.refused : EXIT.ok;
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, async ({ opts, out, admin }) => {
    const action = exactlyOne(opts as unknown as Record<string, unknown>, ACTIONS);
    if (action === 'list') {
      const ongoing = await admin().listPartitionReassignments();
      if (out.json) out.printJson(ongoing);
      else if (ongoing.length === 0) out.line('No partition reassignments found.');
      else {
        out.line('Current partition reassignments:');
        for (const r of ongoing)
          out.line(
            `${r.topic}-${r.partition}: replicas: ${r.replicas.join(',')}. adding: ${r.addingReplicas.join(',')}. removing: ${r.removingReplicas.join(',')}.`,
          );
      }
      return EXIT.ok;
    }
    if (action === 'generate') {
      const file = required(opts.topicsToMoveJsonFile, '--topics-to-move-json-file');
      const list = required(opts.brokerList, '--broker-list');
      const brokers = list.split(',').map((s) => {
        if (!/^\d+$/.test(s.trim())) throw new UsageError(`--broker-list must be broker ids like 1,2,3, got '${list}'`);
        return Number(s.trim());
      });
      const topics = (readJson(file) as { topics?: Array<{ topic?: unknown }> })?.topics;
      if (!Array.isArray(topics) || topics.length === 0 || !topics.every((t) => typeof t?.topic === 'string'))
        throw new UsageError(`${file} needs a non-empty "topics" array of {"topic": name}`);
      const current = await currentAssignment(
        admin(),
        topics.map((t) => t.topic as string),
      );
      const proposed = proposeAssignment(current, brokers);
      if (out.json) out.printJson({ current, proposed });
      else {
        out.line(`Current partition replica assignment\n${assignmentJson(current)}\n`);
        out.line(`Proposed partition reassignment configuration\n${assignmentJson(proposed)}`);
      }
      return EXIT.ok;
    }
    const file = required(opts.reassignmentJsonFile, '--reassignment-json-file');
    const moves = parseReassignmentJson(readJson(file), file);
    if (action === 'execute') {
      const current = await currentAssignment(admin(), [...new Set(moves.map((m) => m.topic))]);
      const wanted = new Set(moves.map((m) => `${m.topic}-${m.partition}`));
      if (!out.json) {
        out.line(
          `Current partition replica assignment\n\n${assignmentJson(current.filter((c) => wanted.has(`${c.topic}-${c.partition}`)))}\n`,
        );
        out.line('Save this to use as the --reassignment-json-file option during rollback');
      }
      const outcome = await admin().alterPartitionReassignments(moves);
      if (out.json) {
        out.printJson(outcome);
        return outcome.some((o) => o.errorCode !== 0) ? EXIT.refused : EXIT.ok;
      }
      return printOutcome(out, 'started partition reassignments', outcome);
    }
    if (action === 'cancel') {
      const outcome = await admin().alterPartitionReassignments(moves.map((m) => ({ ...m, replicas: null })));
      if (out.json) {
        out.printJson(outcome);
        return outcome.some((o) => o.errorCode !== 0) ? EXIT.refused : EXIT.ok;
      }
      return printOutcome(out, 'cancelled partition reassignments', outcome);
    }
    // verify
    const ongoing = new Set(
      (await admin().listPartitionReassignments(moves.map((m) => ({ topic: m.topic, partition: m.partition })))).map(
        (r) => `${r.topic}-${r.partition}`,
      ),
    );
    const current = await currentAssignment(admin(), [...new Set(moves.map((m) => m.topic))]);
    const now = new Map(current.map((c) => [`${c.topic}-${c.partition}`, c.replicas.join(',')]));
    const status = moves.map((m) => {
      const key = `${m.topic}-${m.partition}`;
      const state = ongoing.has(key) ? 'in progress' : now.get(key) === m.replicas.join(',') ? 'completed' : 'failed';
      return { topic: m.topic, partition: m.partition, state };
    });
    if (out.json) out.printJson(status);
    else {
      out.line('Status of partition reassignment:');
      for (const s of status)
        out.line(
          s.state === 'in progress'
            ? `Reassignment of partition ${s.topic}-${s.partition} is still in progress.`
            : s.state === 'completed'
              ? `Reassignment of partition ${s.topic}-${s.partition} is completed.`
              : `Reassignment of partition ${s.topic}-${s.partition} failed: its replicas differ from the file.`,
        );
    }
    return status.every((s) => s.state === 'completed') ? EXIT.ok : EXIT.refused;
  });
}
