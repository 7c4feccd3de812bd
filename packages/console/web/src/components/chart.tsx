/**
 * A small time-series chart (uPlot): x is time in seconds, one line per series. The caller appends
 * points; the chart keeps the last `keep` of them. The canvas has a text alternative (the latest
 * values), since a chart alone says nothing to a screen reader.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartProps {
  label: string;
  series: string[];
  /** [time in ms, value per series]. */
  points: Array<[number, ...number[]]>;
  keep?: number;
}

const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700'];

export function Chart({ label, series, points, keep = 120 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const width = Math.max(300, box.current.clientWidth || 600);
    plot.current = new uPlot(
      {
        width,
        height: 180,
        series: [{}, ...series.map((s, i) => ({ label: s, stroke: COLORS[i % COLORS.length], width: 2 }))],
        axes: [{}, { size: 60 }],
        legend: { show: true },
      },
      [[], ...series.map(() => [])],
      box.current,
    );
    return () => plot.current?.destroy();
  }, [series.join('\0')]);
  useEffect(() => {
    const shown = points.slice(-keep);
    const cols: number[][] = [shown.map((p) => p[0] / 1000)];
    for (let i = 0; i < series.length; i++) cols.push(shown.map((p) => p[i + 1] as number));
    plot.current?.setData(cols as uPlot.AlignedData);
  }, [points, keep, series]);
  const last = points[points.length - 1];
  return (
    <figure class="chart">
      <figcaption>{label}</figcaption>
      <div ref={box} aria-hidden="true" />
      <p class="sr-only" aria-live="off">
        {last
          ? series.map((s, i) => `${s}: ${Math.round((last[i + 1] as number) * 10) / 10}`).join(', ')
          : 'no data yet'}
      </p>
    </figure>
  );
}
