/**
 * `--print-metrics` of the perf tools, as Kafka's ToolsUtils prints a client's metrics: a blank
 * line, a header, then one `group:name:{tag=value} : value` line per metric (three decimals),
 * sorted by that name and aligned on the colon.
 */
import type { Metric } from '@samsa/client';

export function metricsTable(metrics: Metric[]): string[] {
  if (metrics.length === 0) return [];
  const rows = metrics
    .map((m) => {
      const tags = Object.entries(m.tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return { name: `${m.group}:${m.name}:{${tags}}`, value: m.value };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const width = Math.max(...rows.map((r) => r.name.length));
  return [
    '',
    `${'Metric Name'.padEnd(width)}   Value`,
    ...rows.map((r) => `${r.name.padEnd(width)} : ${r.value.toFixed(3)}`),
  ];
}
