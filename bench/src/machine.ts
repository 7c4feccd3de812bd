/** A one-line description of the machine the figures come from, and its load while they were taken. */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';

export function describeMachine(librdkafkaVersion: string): string {
  let cpu = 'unknown CPU';
  try {
    cpu =
      readFileSync('/proc/cpuinfo', 'utf8')
        .match(/^model name\s*:\s*(.+)$/m)?.[1]
        ?.trim() ?? cpu;
  } catch {
    // not Linux: the rest still describes the machine
  }
  const mem = (totalmem() / 2 ** 30).toFixed(0);
  return `${availableParallelism()} × ${cpu}, ${mem} GiB RAM, Linux ${release()}, Node ${process.version}, librdkafka ${librdkafkaVersion}`;
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}
