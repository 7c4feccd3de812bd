/**
 * Kafka's older scripts took `--zookeeper host:2181`, and many tutorials (Samsa's seed documents
 * among them) still show it. Kafka 3.0 removed the flag; Samsa keeps such command lines working:
 * the tools talk to brokers, so `--zookeeper zk-host:2181[/chroot]` means "the broker on zk-host at
 * Kafka's default port 9092", with a warning saying to use --bootstrap-server. An explicit
 * --bootstrap-server wins.
 */
import { type Command, Option } from 'commander';

export function zookeeperOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--zookeeper <hosts>', 'Deprecated (removed in Kafka 3.0): use --bootstrap-server.').hideHelp(),
  );
}

/** The bootstrap servers a --zookeeper connect string stands for: each host at port 9092. */
export function brokersForZookeeper(connect: string): string {
  const hosts = (connect.split('/')[0] ?? '').split(',').filter((h) => h.trim() !== '');
  const brokers = hosts.map((h) => `${h.trim().replace(/:\d+$/, '') || 'localhost'}:9092`);
  return (brokers.length > 0 ? brokers : ['localhost:9092']).join(',');
}

export function applyZookeeperFlag(
  opts: { zookeeper?: string; bootstrapServer?: string },
  warn: (message: string) => void,
): void {
  if (opts.zookeeper === undefined) return;
  if (opts.bootstrapServer) {
    warn(`--zookeeper ${opts.zookeeper} is ignored: using --bootstrap-server ${opts.bootstrapServer}.`);
    return;
  }
  opts.bootstrapServer = brokersForZookeeper(opts.zookeeper);
  warn(
    `--zookeeper is deprecated (Kafka removed it in 3.0): connecting to the broker at ${opts.bootstrapServer}. ` +
      'Use --bootstrap-server host:port.',
  );
}
