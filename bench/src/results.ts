/**
 * Everything one `npm run bench` measured, as written to bench/results/latest.json. BENCHMARKS.md
 * and the charts are rendered from this alone, so they can be re-rendered without re-measuring.
 */

import type { MachineFacts } from './machine.js';
import type { DiskSpeed, LoopbackSpeed } from './machine-limits.js';
import type { Scale } from './options.js';
import type { KafkaPeerResult } from './peers/kafka-runs.js';
import type { PeerResult } from './peers/peer-runs.js';
import type { PerfToolRow } from './perf-tools.js';
import type { StrictResults } from './strict-durability.js';
import type { SizeResults } from './workloads.js';

export interface BenchResults {
  date: string;
  scale: Scale;
  runs: number;
  diskProbeMiB: number;
  machine: MachineFacts;
  loadBefore: string;
  loadAfter: string;
  disk: DiskSpeed;
  loopback: LoopbackSpeed;
  brokerCommand: string;
  generator: string;
  samsa: SizeResults[];
  /** Apache Kafka 3.9 and 4.1 under the same workloads (absent with --no-peers, in --smoke and older results). */
  kafka?: KafkaPeerResult[];
  /** Samsa with an fsync per appended batch (absent in --smoke and with --no-peers). */
  strict?: StrictResults[];
  peers: PeerResult[];
  /** Markdown of the consumer-group and transaction benchmarks (absent in --smoke). */
  coordinators: string;
  /** Markdown of SSL beside PLAINTEXT throughput (tls-bench.ts); absent in --smoke and older results. */
  tls?: string;
  /** Markdown of produce with and without the authorizer (authz-bench.ts); absent in older results. */
  authorizer?: string;
  /** Markdown of the three-broker cluster beside one broker (cluster-main.ts); absent in older results. */
  cluster?: string;
  /** The perf tools beside @samsa/client's own figures (perf-tools.ts); absent in older results. */
  perfTools?: PerfToolRow[];
}
