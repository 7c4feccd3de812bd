/**
 * RabbitMQ streams (Debian's rabbitmq-server), driven by bench/native/rmqperf.c over librabbitmq:
 * AMQP 0-9-1 to a queue of type stream, publisher confirms with up to 4,096 unconfirmed, and a
 * consumer from the first offset with a prefetch of 10,000. Debian has no client for the binary
 * stream protocol, which is RabbitMQ's faster path; the report says so. The server gets its own
 * epmd (Erlang's port mapper) on a free port, so nothing outlives the run, and runs from its
 * start script with every directory under the run's temp dir.
 */
import { freePort } from '../broker-process.js';
import type { PeerDriver } from './peer-runs.js';
import { ServerProcess } from './server-process.js';

export function rabbitmqStreams(): PeerDriver {
  return {
    system: 'RabbitMQ streams (AMQP 0-9-1)',
    client:
      'bench/native/rmqperf.c (librabbitmq from C; publisher confirms, 4,096 in flight; consumer prefetch 10,000; a fifth of the records)',
    packages: [
      { pkg: 'rabbitmq-server', file: '/usr/lib/rabbitmq/bin/rabbitmq-server' },
      { pkg: 'librabbitmq-dev', file: '/usr/include/amqp.h' },
    ],
    tool: { name: 'rmqperf', libs: ['rabbitmq'] },
    // About 70,000 records/s at 100 B here: Samsa's counts would take minutes per run.
    recordsFactor: 0.2,
    start: async () => {
      const epmd = await ServerProcess.start('/usr/bin/epmd', (port) => ['-port', String(port)]);
      const distPort = await freePort();
      return ServerProcess.start('/usr/lib/rabbitmq/bin/rabbitmq-server', () => [], {
        companion: epmd,
        env: (port, dir) => ({
          HOME: dir,
          ERL_EPMD_PORT: String(epmd.port),
          RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
          RABBITMQ_NODE_PORT: String(port),
          RABBITMQ_DIST_PORT: String(distPort),
          RABBITMQ_NODENAME: `bench${port}@localhost`,
          RABBITMQ_MNESIA_BASE: `${dir}/mnesia`,
          RABBITMQ_LOG_BASE: `${dir}/log`,
          RABBITMQ_ENABLED_PLUGINS_FILE: `${dir}/enabled_plugins`,
          RABBITMQ_CONFIG_FILE: `${dir}/rabbitmq`,
          RABBITMQ_PID_FILE: `${dir}/rabbitmq.pid`,
        }),
      });
    },
    produceArgs: (s, stream, records, size) => [
      'produce',
      '-p',
      String(s.port),
      '-q',
      stream,
      '-n',
      String(records),
      '-s',
      String(size),
      '-w',
      '4096',
    ],
    consumeArgs: (s, stream, records) => [
      'consume',
      '-p',
      String(s.port),
      '-q',
      stream,
      '-n',
      String(records),
      '-w',
      '10000',
    ],
  };
}
