/**
 * SVG charts for BENCHMARKS.md, drawn with Vega-Lite (compiled to a Vega spec, rendered by Vega's
 * headless SVG renderer: no canvas, no browser). Vega-Lite because a chart is a short declarative
 * spec here rather than drawing code, and Vega renders it in Node as it would in a page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { comparisonRows, key } from './comparison.js';
import type { BenchResults } from './results.js';
import { label } from './workloads.js';

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

function throughputSpec(r: BenchResults, size: number): TopLevelSpec {
  const values = comparisonRows(r).flatMap((row) =>
    (['produce', 'consume'] as const).flatMap((kind) => {
      const t = row.figures.get(key(size, kind));
      return t
        ? [{ system: row.system, workload: kind === 'produce' ? 'produce' : 'catch-up consume', rps: t.recordsPerSec }]
        : [];
    }),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Records/s, ${label(size)} records, one client (median of ${r.runs})`,
    width: 520,
    height: 260,
    background: 'white',
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'system', type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } },
      yOffset: { field: 'workload', type: 'nominal' },
      x: { field: 'rps', type: 'quantitative', title: 'records/s' },
      color: { field: 'workload', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 320 } },
    },
  };
}

/** Latency by percentile, the tail stretched: x is -log10(1 - quantile), so 90%, 99%, 99.9% are evenly spaced. */
function latencySpec(r: BenchResults, size: number): TopLevelSpec {
  const results = r.samsa.find((s) => s.recordSize === size);
  const values = (results?.latency ?? []).flatMap((l) =>
    l.cdf
      .filter(([q]) => q < 1 && 1 - q >= 1e-5)
      .map(([q, ms]) => ({
        rate: `${Math.round(l.load * 100)}% of peak (${Math.round(l.rate).toLocaleString('en-US')}/s)`,
        nines: -Math.log10(1 - q),
        ms,
      })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Samsa end-to-end latency (produce → consumed), ${label(size)} records, by rate`,
    width: 520,
    height: 260,
    background: 'white',
    data: { values },
    layer: [
      {
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: {
            field: 'nines',
            type: 'quantitative',
            title: 'percentile',
            scale: { domain: [0, 5] },
            axis: {
              values: [0, 1, 2, 3, 4, 5],
              labelExpr: "['0%','90%','99%','99.9%','99.99%','99.999%'][datum.value]",
            },
          },
          y: { field: 'ms', type: 'quantitative', title: 'latency, ms', scale: { type: 'log' } },
          color: {
            field: 'rate',
            type: 'nominal',
            title: null,
            sort: null,
            legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 },
          },
        },
      },
      // The goal: p99 under 10 ms at half the peak.
      { mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { datum: 10 } } },
    ],
  };
}

/** Writes the charts into `dir`; returns their file names, in the order BENCHMARKS.md shows them. */
export async function writeCharts(r: BenchResults, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const charts: [string, TopLevelSpec][] = [];
  for (const size of [100, 1024]) {
    const slug = size === 1024 ? '1kib' : '100b';
    charts.push([`throughput-${slug}.svg`, throughputSpec(r, size)]);
    charts.push([`latency-cdf-${slug}.svg`, latencySpec(r, size)]);
  }
  for (const [name, spec] of charts) writeFileSync(join(dir, name), await toSvg(spec));
  return charts.map(([name]) => name);
}
