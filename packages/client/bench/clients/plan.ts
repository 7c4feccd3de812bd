/**
 * How much the client benchmark runs: the full plan, or --quick (small volumes, one run, under a
 * minute). As with `npm run bench`, only a full run replaces the committed results in
 * bench/results/; a quick run prints only, unless `--out DIR` says where to write.
 */
export interface Plan {
  quick: boolean;
  runs: number;
  sizes: number[];
  /** Records per run, by record size. */
  records: Record<number, number>;
  latencyRate: number;
  latencySeconds: number;
  /** Directory for clients.md and clients.json, relative to the repository; null: stdout only. */
  outDir: string | null;
}

const USAGE = 'usage: npm run bench:clients -- [--quick] [--runs N] [--size BYTES] [--out DIR | --no-out]';

export function planFor(argv: string[]): Plan {
  let quick = false;
  let runs: number | undefined;
  let outDir: string | null | undefined;
  let size: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--quick') quick = true;
    else if (a === '--runs') runs = Number(argv[++i]);
    else if (a.startsWith('--runs=')) runs = Number(a.slice('--runs='.length));
    else if (a === '--out') outDir = argv[++i] ?? null;
    else if (a === '--no-out') outDir = null;
    else if (a === '--size') size = Number(argv[++i]);
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) throw new Error('--runs needs a positive integer');
  if (size !== undefined && size !== 100 && size !== 1024) throw new Error('--size is 100 or 1024');
  // One size only is a look at one figure while working on it: never the published results.
  if (size !== undefined && outDir === undefined) outDir = null;
  return {
    quick,
    runs: runs ?? (quick ? 1 : 5),
    sizes: size === undefined ? [100, 1024] : [size],
    // Enough that a consume takes about a second: with 100,000 × 1 KiB it took under 0.2 s, and
    // start-up (the JIT, the first fetches) weighed on every client's figure.
    records: quick ? { 100: 20_000, 1024: 10_000 } : { 100: 1_000_000, 1024: 500_000 },
    latencyRate: quick ? 1_000 : 5_000,
    latencySeconds: quick ? 2 : 10,
    outDir: outDir === undefined ? (quick ? null : 'bench/results') : outDir,
  };
}
