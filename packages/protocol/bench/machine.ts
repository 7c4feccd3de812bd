/** A one-line description of the machine a benchmark ran on, printed with every table. */
import { cpus, totalmem, type } from 'node:os';

export function machineDescription(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return `${cpu.length} × ${model}, ${gib} GiB RAM, ${type()} ${process.arch}, Node.js ${process.version}`;
}

/** Runs `fn` repeatedly for about `ms` milliseconds; returns iterations per second. */
export function measure(fn: () => void, ms = 500): number {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    fn();
    n++;
    elapsed = process.hrtime.bigint() - start;
  }
  return n / (Number(elapsed) / 1e9);
}

export function printTable(title: string, rows: Array<{ name: string; mbPerSec: number }>): void {
  console.log(`\n${title}`);
  console.log(`machine: ${machineDescription()}\n`);
  const width = Math.max(...rows.map((r) => r.name.length), 9);
  console.log(`| ${'benchmark'.padEnd(width)} |       MB/s |`);
  console.log(`|${'-'.repeat(width + 2)}|-----------:|`);
  for (const r of rows) console.log(`| ${r.name.padEnd(width)} | ${r.mbPerSec.toFixed(1).padStart(10)} |`);
}
