/**
 * `samsa log-dirs` — kafka-log-dirs.sh: asks brokers (--broker-list, default all) for their log
 * directories and prints Kafka's JSON: {"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":…,
 * "error":null,"partitions":[{"partition":"t-0","size":…,"offsetLag":0,"isFuture":false}]}]}]}.
 */
import { EXIT, UsageError } from '../cli/errors.js';
import { connectionOptions, tool } from '../cli/options.js';
import { runTool } from '../cli/run.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  describe?: boolean;
  brokerList?: string;
  topicList?: string;
}

function command() {
  return connectionOptions(
    tool('log-dirs', 'Describe the log directories of brokers (kafka-log-dirs.sh).')
      .option('--describe', 'REQUIRED: describe the log directories.')
      .option('--broker-list <ids>', 'Brokers to ask, e.g. "1,2" (default: every broker).')
      .option('--topic-list <topics>', 'Only these topics, comma separated (default: all).'),
  );
}

function ids(list: string): number[] {
  return list.split(',').map((s) => {
    if (!/^\d+$/.test(s.trim())) throw new UsageError(`--broker-list must be broker ids like 1,2,3, got '${list}'`);
    return Number(s.trim());
  });
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, async ({ opts, out, admin }) => {
    if (!opts.describe) throw new UsageError('--describe is required');
    const brokers = opts.brokerList ? ids(opts.brokerList) : null;
    const topics = opts.topicList ? opts.topicList.split(',').map((t) => t.trim()) : null;
    out.line('Querying brokers for log directories information');
    const dirs = await admin().describeLogDirs(brokers, topics);
    const byBroker = new Map<number, typeof dirs>();
    for (const d of dirs) byBroker.set(d.broker, [...(byBroker.get(d.broker) ?? []), d]);
    out.line(`Received log directory information from brokers ${[...byBroker.keys()].join(',')}`);
    out.line(
      JSON.stringify({
        version: 1,
        brokers: [...byBroker].map(([broker, ds]) => ({
          broker,
          logDirs: ds.map((d) => ({
            logDir: d.logDir,
            error: d.errorCode === 0 ? null : `error code ${d.errorCode}`,
            partitions: d.partitions.map((p) => ({
              partition: `${p.topic}-${p.partition}`,
              size: Number(p.size),
              offsetLag: Number(p.offsetLag),
              isFuture: p.isFuture,
            })),
          })),
        })),
      }),
    );
    return EXIT.ok;
  });
}
