/**
 * `samsa delete-records` — kafka-delete-records.sh: deletes records before the offsets listed in
 * Kafka's JSON file, {"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}
 * (offset -1: up to the high watermark), and prints each partition's new low watermark.
 */
import { readFileSync } from 'node:fs';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import { connectionOptions, outputOption, required, tool } from '../cli/options.js';
import { runTool } from '../cli/run.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  output: string;
  offsetJsonFile?: string;
}

function command() {
  return outputOption(
    connectionOptions(
      tool('delete-records', 'Delete records of partitions up to given offsets (kafka-delete-records.sh).').option(
        '--offset-json-file <file>',
        'REQUIRED: {"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}',
      ),
    ),
  );
}

export function parseOffsetJson(
  text: string,
  file: string,
): Array<{ topic: string; partition: number; offset: bigint }> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const partitions = (doc as { partitions?: unknown }).partitions;
  if (!Array.isArray(partitions) || partitions.length === 0)
    throw new UsageError(`${file} needs a non-empty "partitions" array`);
  const seen = new Set<string>();
  return partitions.map((p: { topic?: unknown; partition?: unknown; offset?: unknown }, i) => {
    if (typeof p.topic !== 'string' || !Number.isInteger(p.partition) || !/^-?\d+$/.test(String(p.offset)))
      throw new UsageError(`${file}: partitions[${i}] needs "topic", "partition" and "offset"`);
    const key = `${p.topic}-${p.partition}`;
    if (seen.has(key)) throw new UsageError(`${file}: partition ${key} is listed more than once`);
    seen.add(key);
    return { topic: p.topic, partition: p.partition as number, offset: BigInt(String(p.offset)) };
  });
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, async ({ opts, out, admin }) => {
    const file = required(opts.offsetJsonFile, '--offset-json-file');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.usage);
    }
    const requests = parseOffsetJson(text, file);
    if (!out.json) out.line('Executing records delete operation');
    const results = await admin().deleteRecords(requests);
    if (out.json) out.printJson(results);
    else {
      out.line('Records delete operation completed:');
      for (const r of results) out.line(`partition: ${r.topic}-${r.partition}\tlow_watermark: ${r.lowWatermark}`);
    }
    return EXIT.ok;
  });
}
