/**
 * One measurement in a fresh process, so no client inherits another's heap, JIT state or
 * sockets (not even its own producer's): `worker.js produce|consume <client> <bootstrap> <topic>
 * <count> <size>` prints {seconds}; `worker.js latency <bootstrap> <topic> <rate> <seconds> <size>`.
 * Prints one JSON line.
 */
import type { ClientWorkload } from './workload.js';

// Imported on demand: loading every client library would make each worker pay for all of them.
async function client(name: string): Promise<ClientWorkload> {
  if (name === 'samsa') return (await import('./samsa-client.js')).samsaClient;
  if (name === 'samsa-send') return (await import('./samsa-client.js')).samsaPerRecordClient;
  if (name === 'kafkajs') return (await import('./kafkajs-client.js')).kafkajsClient;
  if (name === 'fetch-loop') return (await import('./fetch-loop-client.js')).fetchLoopClient;
  if (name === 'platformatic') return (await import('./platformatic-client.js')).platformaticClient;
  if (name === 'confluent') {
    const { loadConfluent } = await import('./confluent-client.js');
    const c = await loadConfluent();
    if (typeof c === 'string') throw new Error(c);
    return c;
  }
  throw new Error(`unknown client ${name}`);
}

const [mode, ...args] = process.argv.slice(2);
// A client that never settles must not hang the benchmark.
const watchdog = setTimeout(() => {
  process.stderr.write('worker timed out\n');
  process.exit(2);
}, 300_000);
watchdog.unref();
if (mode === 'produce' || mode === 'consume') {
  const [name, bootstrap, topic, count, size] = args as [string, string, string, string, string];
  const c = await client(name);
  const seconds =
    mode === 'produce'
      ? await c.produce(bootstrap, topic, Number(count), Buffer.alloc(Number(size), 120))
      : await c.consume(bootstrap, topic, Number(count));
  process.stdout.write(`${JSON.stringify({ seconds })}\n`);
} else if (mode === 'latency') {
  const [bootstrap, topic, rate, seconds, size] = args as [string, string, string, string, string];
  const { measureLatency } = await import('./latency.js');
  const r = await measureLatency(bootstrap, topic, Number(rate), Number(seconds), Number(size));
  process.stdout.write(`${JSON.stringify(r)}\n`);
} else {
  throw new Error(`usage: worker.js produce|consume|latency ...`);
}
// Some clients keep timers or sockets alive after close.
process.exit(0);
