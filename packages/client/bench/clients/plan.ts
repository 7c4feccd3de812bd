/** How much the client benchmark runs: the full plan, or --quick (small volumes, one run, under a minute). */
export interface Plan {
  quick: boolean;
  runs: number;
  sizes: number[];
  /** Records per run, by record size. */
  records: Record<number, number>;
  latencyRate: number;
  latencySeconds: number;
}

export function planFor(argv: string[]): Plan {
  const quick = argv.includes('--quick');
  const runsArg = argv.find((a) => a.startsWith('--runs='));
  return {
    quick,
    runs: runsArg ? Number(runsArg.slice('--runs='.length)) : quick ? 1 : 3,
    sizes: [100, 1024],
    records: quick ? { 100: 20_000, 1024: 10_000 } : { 100: 300_000, 1024: 100_000 },
    latencyRate: quick ? 1_000 : 5_000,
    latencySeconds: quick ? 2 : 10,
  };
}
