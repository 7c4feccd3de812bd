/**
 * `samsa <subcommand>`: one entry point for the broker and Kafka's tools, under Kafka's names.
 * Each subcommand lives in commands/<name>.ts and is loaded only when run.
 */
interface Subcommand {
  name: string;
  kafkaScript: string | null;
  summary: string;
  run?: (args: string[]) => Promise<number>;
}

const SUBCOMMANDS: Subcommand[] = [
  {
    name: 'broker',
    kafkaScript: 'kafka-server-start.sh',
    summary: 'Run a broker: samsa broker [server.properties] [--override key=value ...]',
    run: async (args) => (await import('@samsa/broker')).runBroker(args),
  },
  { name: 'topics', kafkaScript: 'kafka-topics.sh', summary: 'Create, list, describe, alter and delete topics' },
  { name: 'console-producer', kafkaScript: 'kafka-console-producer.sh', summary: 'Produce lines from stdin' },
  { name: 'console-consumer', kafkaScript: 'kafka-console-consumer.sh', summary: 'Print records to stdout' },
  { name: 'consumer-groups', kafkaScript: 'kafka-consumer-groups.sh', summary: 'List, describe, reset groups' },
  { name: 'configs', kafkaScript: 'kafka-configs.sh', summary: 'Describe and alter configs' },
  { name: 'producer-perf-test', kafkaScript: 'kafka-producer-perf-test.sh', summary: 'Producer benchmark' },
  { name: 'consumer-perf-test', kafkaScript: 'kafka-consumer-perf-test.sh', summary: 'Consumer benchmark' },
  { name: 'get-offsets', kafkaScript: 'kafka-get-offsets.sh', summary: 'Print partition offsets' },
  { name: 'delete-records', kafkaScript: 'kafka-delete-records.sh', summary: 'Delete records up to offsets' },
  { name: 'dump-log', kafkaScript: 'kafka-dump-log.sh', summary: 'Print the contents of segment files' },
];

function usage(): string {
  const width = Math.max(...SUBCOMMANDS.map((s) => s.name.length));
  const lines = SUBCOMMANDS.map(
    (s) => `  ${s.name.padEnd(width)}  ${s.run ? s.summary : `${s.summary} (not implemented yet)`}`,
  );
  return [
    'Usage: samsa <subcommand> [options]',
    '',
    'Subcommands:',
    ...lines,
    '',
    'samsa <subcommand> --help for its options.',
  ].join('\n');
}

export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  if (name === '--version') {
    console.log('samsa 0.1.0');
    return 0;
  }
  const sub = SUBCOMMANDS.find((s) => s.name === name);
  if (!sub) {
    console.error(`Unknown subcommand '${name}'.\n\n${usage()}`);
    return 1;
  }
  if (!sub.run) {
    console.error(`samsa ${name}: not implemented yet`);
    return 1;
  }
  return sub.run(rest);
}
