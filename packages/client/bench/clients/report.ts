/** The client benchmark's markdown: throughput side by side, ratios to KafkaJS, latency, the goals. */
export interface ThroughputRow {
  client: string;
  size: number;
  records: number;
  produceRecordsPerSec: number;
  consumeRecordsPerSec: number;
  produceRuns: number[];
  consumeRuns: number[];
}

export interface LatencyRow {
  size: number;
  rate: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  p99Runs: number[];
}

export interface Report {
  date: string;
  quick: boolean;
  runs: number;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  missing: string[];
  rows: ThroughputRow[];
  latency: LatencyRow[];
}

const NAMES: Record<string, string> = {
  samsa: '@samsa/client, sendBatch() / batches()',
  'samsa-send': '@samsa/client, send() / record iterator',
  kafkajs: 'KafkaJS 2.2.4',
  platformatic: '@platformatic/kafka',
  confluent: '@confluentinc/kafka-javascript',
  'fetch-loop': 'ceiling: Fetch requests in a loop, records not decoded',
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (recordsPerSec: number, size: number) => ((recordsPerSec * size) / 1e6).toFixed(1);

export function renderMarkdown(r: Report): string {
  const lines = [
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:clients${r.quick ? ' -- --quick' : ''}\` (median of ${r.runs} run${r.runs > 1 ? 's' : ''} each).`,
    '',
    `- Machine: ${r.machine}`,
    `- Load average (1/5/15 min) before: ${r.loadBefore}; after: ${r.loadAfter}`,
    '- Broker: `bin/samsa broker` as a child process, one partition per topic, acks=all for every client',
    ...r.missing.map((m) => `- Not measured: ${m}`),
    ...(r.quick
      ? ['- --quick: a few thousand records and one run, so start-up and JIT warm-up dominate; not for comparisons']
      : []),
    '',
    '| record | client | produce records/s | produce MB/s | consume records/s | consume MB/s | produce vs KafkaJS | consume vs KafkaJS |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of r.rows) {
    const base = r.rows.find((x) => x.size === row.size && x.client === 'kafkajs');
    const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '');
    // The ceiling row reads only; its topic was written like @samsa/client's.
    const produce =
      row.client === 'fetch-loop'
        ? ['—', '—']
        : [int(row.produceRecordsPerSec), mb(row.produceRecordsPerSec, row.size)];
    const produceRatio = row.client === 'fetch-loop' ? '' : ratio(row.produceRecordsPerSec, base?.produceRecordsPerSec);
    lines.push(
      `| ${row.size} B | ${NAMES[row.client] ?? row.client} | ${produce.join(' | ')} | ${int(row.consumeRecordsPerSec)} | ${mb(row.consumeRecordsPerSec, row.size)} | ${produceRatio} | ${ratio(row.consumeRecordsPerSec, base?.consumeRecordsPerSec)} |`,
    );
  }
  lines.push(
    '',
    '| @samsa/client end to end (send → consumer), lingerMs 0, acks=all | rate, records/s | p50 ms | p99 ms | max ms | p99 of each run, ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const l of r.latency) {
    lines.push(
      `| ${l.size} B records for ${l.seconds} s | ${int(l.rate)} | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} | ${l.max.toFixed(2)} | ${l.p99Runs.map((x) => x.toFixed(1)).join(', ')} |`,
    );
  }
  lines.push('', '| goal (issue 7, item 6) | measured | met |', '| --- | ---: | :---: |');
  for (const size of [...new Set(r.rows.map((x) => x.size))]) {
    const get = (c: string) => r.rows.find((x) => x.size === size && x.client === c);
    const ours = get('samsa');
    const kjs = get('kafkajs');
    const plat = get('platformatic');
    if (ours && kjs) {
      const p = ours.produceRecordsPerSec / kjs.produceRecordsPerSec;
      const c = ours.consumeRecordsPerSec / kjs.consumeRecordsPerSec;
      lines.push(`| producer ≥ 3× KafkaJS, ${size} B | ${p.toFixed(2)}× | ${p >= 3 ? 'yes' : 'no'} |`);
      lines.push(`| consumer ≥ 2× KafkaJS, ${size} B | ${c.toFixed(2)}× | ${c >= 2 ? 'yes' : 'no'} |`);
      const ceiling = get('fetch-loop');
      if (ceiling) {
        // How far any consumer could have gone in this run: reading without decoding.
        const most = ceiling.consumeRecordsPerSec / kjs.consumeRecordsPerSec;
        const share = ours.consumeRecordsPerSec / ceiling.consumeRecordsPerSec;
        lines.push(
          `| (reference) the fetch-loop ceiling vs KafkaJS, ${size} B; @samsa/client's share of the ceiling | ${most.toFixed(2)}×; ${(100 * share).toFixed(0)}% | — |`,
        );
      }
    }
    if (ours && plat) {
      const p = ours.produceRecordsPerSec / plat.produceRecordsPerSec;
      const c = ours.consumeRecordsPerSec / plat.consumeRecordsPerSec;
      lines.push(
        `| producer no slower than @platformatic/kafka, ${size} B | ${p.toFixed(2)}× | ${p >= 1 ? 'yes' : 'no'} |`,
      );
      lines.push(
        `| consumer no slower than @platformatic/kafka, ${size} B | ${c.toFixed(2)}× | ${c >= 1 ? 'yes' : 'no'} |`,
      );
    }
  }
  for (const l of r.latency) {
    lines.push(
      `| p99 end to end < 10 ms at ${int(l.rate)} records/s, ${l.size} B | ${l.p99.toFixed(2)} ms | ${l.p99 < 10 ? 'yes' : 'no'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
