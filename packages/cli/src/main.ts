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

/**
 * A Kafka tool's module, loaded when run. The process ends once its promise settles even if a
 * socket or timer is left behind: an unref'd timer forces the exit shortly after, so a script
 * never hangs on a finished command.
 */
function tool(name: string): (args: string[]) => Promise<number> {
  return async (args) => {
    const mod = (await import(`./commands/${name}.js`)) as { run: (args: string[]) => Promise<number> };
    const code = await mod.run(args);
    setTimeout(() => process.exit(code), 500).unref();
    return code;
  };
}

const SUBCOMMANDS: Subcommand[] = [
  {
    name: 'broker',
    kafkaScript: 'kafka-server-start.sh',
    summary: 'Run a broker: samsa broker [server.properties] [--override key=value ...]',
    run: async (args) => (await import('@samsa/broker')).runBroker(args),
  },
  {
    name: 'schema-registry',
    kafkaScript: 'schema-registry-start',
    summary: 'Run a Schema Registry (Confluent API) for a cluster: samsa schema-registry --bootstrap-server host:port',
    run: tool('schema-registry'),
  },
  {
    name: 'rest-proxy',
    kafkaScript: 'kafka-rest-start',
    summary: 'Run a REST proxy (Confluent v3 API) for a cluster: samsa rest-proxy --bootstrap-server host:port',
    run: tool('rest-proxy'),
  },
  {
    name: 'topics',
    kafkaScript: 'kafka-topics.sh',
    summary: 'Create, list, describe, alter and delete topics',
    run: tool('topics'),
  },
  {
    name: 'console-producer',
    kafkaScript: 'kafka-console-producer.sh',
    summary: 'Produce lines from stdin',
    run: tool('console-producer'),
  },
  {
    name: 'console-consumer',
    kafkaScript: 'kafka-console-consumer.sh',
    summary: 'Print records to stdout',
    run: tool('console-consumer'),
  },
  {
    name: 'consumer-groups',
    kafkaScript: 'kafka-consumer-groups.sh',
    summary: 'List, describe, reset groups',
    run: tool('consumer-groups'),
  },
  { name: 'configs', kafkaScript: 'kafka-configs.sh', summary: 'Describe and alter configs', run: tool('configs') },
  {
    name: 'producer-perf-test',
    kafkaScript: 'kafka-producer-perf-test.sh',
    summary: 'Producer benchmark',
    run: tool('producer-perf-test'),
  },
  {
    name: 'consumer-perf-test',
    kafkaScript: 'kafka-consumer-perf-test.sh',
    summary: 'Consumer benchmark',
    run: tool('consumer-perf-test'),
  },
  {
    name: 'get-offsets',
    kafkaScript: 'kafka-get-offsets.sh',
    summary: 'Print partition offsets',
    run: tool('get-offsets'),
  },
  {
    name: 'acls',
    kafkaScript: 'kafka-acls.sh',
    summary: 'Add, remove and list ACLs',
    run: tool('acls'),
  },
  {
    name: 'delete-records',
    kafkaScript: 'kafka-delete-records.sh',
    summary: 'Delete records up to offsets',
    run: tool('delete-records'),
  },
  {
    name: 'reassign-partitions',
    kafkaScript: 'kafka-reassign-partitions.sh',
    summary: 'Move partition replicas between brokers',
    run: tool('reassign-partitions'),
  },
  {
    name: 'leader-election',
    kafkaScript: 'kafka-leader-election.sh',
    summary: 'Elect preferred or unclean partition leaders',
    run: tool('leader-election'),
  },
  {
    name: 'log-dirs',
    kafkaScript: 'kafka-log-dirs.sh',
    summary: "Describe brokers' log directories",
    run: tool('log-dirs'),
  },
  {
    name: 'console',
    kafkaScript: null,
    summary: 'Serve the web console: samsa console --bootstrap-server host:port [--listeners URL] [--read-only]',
    run: tool('console'),
  },
  {
    name: 'dump-log',
    kafkaScript: 'kafka-dump-log.sh',
    summary: 'Print the contents of segment files',
    run: tool('dump-log'),
  },
  {
    name: 'connect-standalone',
    kafkaScript: 'connect-standalone.sh',
    summary: 'Run a Kafka Connect worker: samsa connect-standalone worker.properties [connector.properties ...]',
    // Long-running like the broker: it returns when SIGINT/SIGTERM stopped the worker.
    run: async (args) => (await import('@samsa/connect')).runConnectStandalone(args),
  },
  {
    name: 'connect-distributed',
    kafkaScript: 'connect-distributed.sh',
    summary: 'Run a Kafka Connect worker in a group: samsa connect-distributed worker.properties',
    run: async (args) => (await import('@samsa/connect')).runConnectDistributed(args),
  },
];

function usage(): string {
  const width = Math.max(...SUBCOMMANDS.map((s) => s.name.length));
  const scriptWidth = Math.max(...SUBCOMMANDS.map((s) => (s.kafkaScript ?? '').length));
  const lines = SUBCOMMANDS.map(
    (s) =>
      `  ${s.name.padEnd(width)}  ${(s.kafkaScript ?? '').padEnd(scriptWidth)}  ${s.run ? s.summary : `${s.summary} (not implemented yet)`}`,
  );
  return [
    'Usage: samsa <subcommand> [options]',
    '',
    'Subcommands (and the Kafka script each replaces, with the same flags):',
    ...lines,
    '',
    'samsa <subcommand> --help for its options.',
    'Exit codes: 0 ok, 1 usage or user error, 2 the broker refused the request, 3 no broker reachable or timed out, 4 internal error.',
  ].join('\n');
}

export async function main(args: string[]): Promise<number> {
  // `samsa ... | head`: the reader left; stop quietly as Unix tools do instead of crashing on EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
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
