/**
 * Reads the .cpuprofile files `node --cpu-prof` wrote and lists the functions with the most self
 * time (time on top of the stack), the figure that says where a hot path spends its cycles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  ms: number;
  share: number;
}

export function summarizeProfiles(dir: string, repoRoot: string, top = 25): SelfTime[] {
  const totals = new Map<string, SelfTime>();
  let allMs = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const msPerSample = (p.endTime - p.startTime) / 1000 / Math.max(1, p.samples.length);
    for (const n of p.nodes) {
      const ms = (n.hitCount ?? 0) * msPerSample;
      if (ms === 0) continue;
      const { functionName, url, lineNumber } = n.callFrame;
      const file = url.startsWith('file://') ? relative(repoRoot, new URL(url).pathname) : url;
      const where = file ? `${file}:${lineNumber + 1}` : '';
      const key = `${functionName}@${where}`;
      const t = totals.get(key) ?? { name: functionName || '(anonymous)', where, ms: 0, share: 0 };
      t.ms += ms;
      totals.set(key, t);
      allMs += ms;
    }
  }
  const sorted = [...totals.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
  for (const t of sorted) t.share = t.ms / allMs;
  return sorted;
}

export function formatSelfTimes(title: string, rows: readonly SelfTime[]): string {
  const lines = [`### ${title}`, '', '| self ms | share | function | where |', '| ---: | ---: | --- | --- |'];
  for (const r of rows) {
    lines.push(`| ${r.ms.toFixed(0)} | ${(r.share * 100).toFixed(1)}% | \`${r.name}\` | ${r.where} |`);
  }
  return lines.join('\n');
}
