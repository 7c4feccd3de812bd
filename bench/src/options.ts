/**
 * Command line of `npm run bench`: the size of the run and what to do besides measuring.
 * Full (default) takes about a quarter of an hour, --quick (one run of each) a few minutes,
 * --smoke seconds (it only proves that every step still works; its figures mean nothing).
 */
export type Scale = 'full' | 'quick' | 'smoke';

/** The systems measured beside Samsa, by the names `--peers` takes. */
export const PEER_NAMES = ['kafka-3.9', 'kafka-4.1', 'redis', 'nats', 'rabbitmq'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface BenchOptions {
  scale: Scale;
  /** Repetitions of every workload; the report shows medians. */
  runs: number;
  /** Records per produce run, by record size. */
  records: { 1024: number; 100: number };
  /** Partition and connection counts of the scaling runs, and how often each is repeated. */
  scaling: { partitions: number[]; connections: number[]; runs: number };
  /** Seconds of each paced latency run. */
  latencySeconds: number;
  /** Bytes written by the disk probe. */
  diskProbeBytes: number;
  /** Seconds of the loopback probe. */
  loopbackSeconds: number;
  /** Run the broker under `node --cpu-prof` and print its top self-time functions. */
  profile: boolean;
  /** The directory that receives BENCHMARKS.md and bench/results/ (besides stdout); null: none. */
  out: string | null;
  /** Another checkout whose bin/samsa to measure (A/B comparisons); null: this one. */
  brokerRoot: string | null;
  /** Node flags for the broker; null: those `npm start` uses. */
  brokerNodeFlags: string[] | null;
  /** The peers to measure too: all by default, none with --no-peers or in --smoke (CI must not need them) unless --peers names them. */
  peers: PeerName[];
  /** Only re-render BENCHMARKS.md and the charts from bench/results/latest.json. */
  renderOnly: boolean;
}

type Sizes = Omit<
  BenchOptions,
  'profile' | 'out' | 'scale' | 'brokerRoot' | 'brokerNodeFlags' | 'peers' | 'renderOnly'
>;

const SCALES: Record<Scale, Sizes> = {
  full: {
    runs: 3,
    records: { 1024: 1_000_000, 100: 5_000_000 },
    scaling: { partitions: [1, 16, 256, 2048], connections: [10, 100, 1000], runs: 3 },
    latencySeconds: 10,
    diskProbeBytes: 1 << 30,
    loopbackSeconds: 5,
  },
  quick: {
    runs: 1,
    records: { 1024: 300_000, 100: 2_000_000 },
    scaling: { partitions: [1, 16, 256, 2048], connections: [10, 100, 1000], runs: 1 },
    latencySeconds: 2,
    diskProbeBytes: 512 << 20,
    loopbackSeconds: 3,
  },
  smoke: {
    runs: 1,
    records: { 1024: 5_000, 100: 20_000 },
    scaling: { partitions: [1, 16], connections: [10], runs: 1 },
    latencySeconds: 1,
    diskProbeBytes: 16 << 20,
    loopbackSeconds: 1,
  },
};

export function parseOptions(argv: readonly string[]): BenchOptions {
  let scale: Scale = 'full';
  let runs: number | undefined;
  let profile = false;
  let out: string | null | undefined;
  let brokerRoot: string | null = null;
  let brokerNodeFlags: string[] | null = null;
  let peers: PeerName[] | undefined;
  let renderOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') scale = 'quick';
    else if (a === '--smoke') scale = 'smoke';
    else if (a === '--profile') profile = true;
    else if (a === '--no-peers') peers = [];
    else if (a === '--peers') peers = parsePeers(argv[++i] ?? '');
    else if (a === '--render') renderOnly = true;
    else if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--out') out = argv[++i] ?? null;
    else if (a === '--no-out') out = null;
    else if (a === '--broker-root') brokerRoot = argv[++i] ?? null;
    else if (a === '--broker-node-flags') brokerNodeFlags = (argv[++i] ?? '').split(' ').filter(Boolean);
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: npm run bench -- [--quick | --smoke] [--runs N] [--peers LIST | --no-peers] [--profile] [--out DIR | --no-out]\n' +
          '         [--broker-root OTHER_CHECKOUT] [--broker-node-flags "FLAGS"] | --render\n' +
          `  --peers: comma-separated, of ${PEER_NAMES.join(', ')} (default all; none in --smoke)`,
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) throw new Error('--runs needs a positive integer');
  // Only a full run replaces the committed results (BENCHMARKS.md, bench/results/); shorter runs
  // print only (CI's smoke run must not dirty the tree) unless --out names a directory for them.
  const defaultOut = scale === 'full' ? '.' : null;
  // A run against another checkout or with other flags is a comparison, not the project's result.
  const compared = brokerRoot !== null || brokerNodeFlags !== null;
  return {
    scale,
    ...SCALES[scale],
    ...(runs ? { runs } : {}),
    profile,
    out: out === undefined ? (compared ? null : defaultOut) : out,
    brokerRoot,
    brokerNodeFlags,
    peers: peers ?? (scale === 'smoke' ? [] : [...PEER_NAMES]),
    renderOnly,
  };
}

function parsePeers(list: string): PeerName[] {
  const names = list.split(',').filter(Boolean);
  for (const n of names) {
    if (!(PEER_NAMES as readonly string[]).includes(n)) {
      throw new Error(`--peers: unknown peer ${n} (known: ${PEER_NAMES.join(', ')})`);
    }
  }
  return names as PeerName[];
}
