/**
 * NATS JetStream (Debian's nats-server), driven by bench/native/natsperf.c over libnats, the
 * official C client: asynchronous publishes with up to 4,096 awaiting their ack, and a pull consumer
 * fetching 10,000 at a time. File storage with the server's default sync_interval (its file store
 * fsyncs in the background), which matches Samsa's acks on one broker.
 */
import type { PeerDriver } from './peer-runs.js';
import { ServerProcess } from './server-process.js';

export function natsJetStream(): PeerDriver {
  const url = (s: ServerProcess) => `nats://127.0.0.1:${s.port}`;
  return {
    system: 'NATS JetStream (file storage)',
    client:
      'bench/native/natsperf.c (libnats from C; js_PublishAsync, 4,096 pending acks; pull consumer, fetch 10,000)',
    packages: [
      { pkg: 'nats-server', file: '/usr/sbin/nats-server' },
      { pkg: 'libnats-dev', file: '/usr/include/nats/nats.h' },
    ],
    tool: { name: 'natsperf', libs: ['nats'] },
    start: () =>
      ServerProcess.start('/usr/sbin/nats-server', (port, dir) => [
        '-js',
        '-sd',
        dir,
        '-a',
        '127.0.0.1',
        '-p',
        String(port),
      ]),
    produceArgs: (s, stream, records, size) => [
      'produce',
      '-u',
      url(s),
      '-t',
      stream,
      '-n',
      String(records),
      '-s',
      String(size),
      '-w',
      '4096',
    ],
    consumeArgs: (s, stream, records) => ['consume', '-u', url(s), '-t', stream, '-n', String(records), '-w', '10000'],
  };
}
