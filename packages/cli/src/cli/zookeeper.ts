/**
 * Kafka's older scripts took `--zookeeper host:2181` (many tutorials still show it). Samsa's tools,
 * like Kafka's since 3.0, talk to brokers only; the flag is accepted so that the error can say
 * what to use instead rather than "unknown option".
 */
import { type Command, Option } from 'commander';
import { UsageError } from './errors.js';

export function zookeeperOption(cmd: Command): Command {
  return cmd.addOption(new Option('--zookeeper <hosts>', 'Not supported: use --bootstrap-server.').hideHelp());
}

export function rejectZookeeper(opts: { zookeeper?: string; bootstrapServer?: string }): void {
  if (opts.zookeeper !== undefined) {
    throw new UsageError(
      `--zookeeper is not supported: samsa's tools talk to brokers, as Kafka's do since 3.0. ` +
        `Use --bootstrap-server host:9092 instead of --zookeeper ${opts.zookeeper}`,
    );
  }
}
