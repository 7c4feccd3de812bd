/**
 * Redis Streams (Debian's redis-server), driven by bench/native/redisperf.c over hiredis: XADD with
 * pipelining to produce, XREAD from the start to catch up. The append-only file is on, as a log's
 * durability needs it: `everysec` writes each command to the page cache and fsyncs once a second
 * (the closest to Samsa, whose acks mean "in the page cache"), `always` fsyncs before answering each
 * batch of pipelined commands. Snapshots and AOF rewrites are off: Samsa does neither.
 */
import type { PeerDriver } from './peer-runs.js';
import { ServerProcess } from './server-process.js';

export function redisStreams(appendfsync: 'everysec' | 'always'): PeerDriver {
  return {
    system: `Redis Streams (appendfsync ${appendfsync})`,
    client: `bench/native/redisperf.c (hiredis from C; XADD pipelined 1,000 deep; XREAD COUNT 10,000)${appendfsync === 'always' ? '; a fifth of the records' : ''}`,
    packages: [
      { pkg: 'redis-server', file: '/usr/bin/redis-server' },
      { pkg: 'libhiredis-dev', file: '/usr/include/hiredis/hiredis.h' },
    ],
    tool: { name: 'redisperf', libs: ['hiredis'] },
    // fsync per pipelined batch writes about a tenth as fast; the same record count took minutes.
    recordsFactor: appendfsync === 'always' ? 0.2 : 1,
    start: () =>
      ServerProcess.start('redis-server', (port, dir) => [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        appendfsync,
        '--save',
        '',
        '--auto-aof-rewrite-percentage',
        '0',
        '--daemonize',
        'no',
      ]),
    produceArgs: (s, stream, records, size) => [
      'produce',
      '-p',
      String(s.port),
      '-k',
      stream,
      '-n',
      String(records),
      '-s',
      String(size),
      '-w',
      '1000',
    ],
    consumeArgs: (s, stream, records) => [
      'consume',
      '-p',
      String(s.port),
      '-k',
      stream,
      '-n',
      String(records),
      '-w',
      '10000',
    ],
  };
}
