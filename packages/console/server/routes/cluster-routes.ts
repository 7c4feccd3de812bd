/**
 * The Overview page's data:
 * - GET /api/cluster: cluster id, version (the brokers' inter.broker.protocol.version, e.g. 3.9-IV0,
 *   as Kafka's UIs read it: Kafka's protocol offers no software version), controller, brokers (host, rack, partitions led, disk use from
 *   DescribeLogDirs), topic and partition counts, and health alerts (under-replicated, offline);
 * - GET /api/cluster/live: SSE `throughput` events every `intervalMs` (default 2 s) with messages
 *   per second produced (growth of every partition's end offset) and consumed (growth of every
 *   group's committed offsets), computed by difference between samples.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from '@samsa/client';
import type { HttpApp } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { kafkaCall, num } from '../http-errors.js';
import { openSse } from '../sse.js';
import { intParam, type Query } from './query-params.js';

export async function clusterOverview(admin: Admin) {
  const cluster = await kafkaCall(() => admin.describeCluster());
  const names = await kafkaCall(() => admin.listTopics({ listInternal: true }));
  const topics = names.length ? await kafkaCall(() => admin.describeTopics(names)) : [];
  const [dirs, version] = await Promise.all([
    admin.describeLogDirs().catch(() => []),
    clusterVersion(admin, cluster.brokers[0]?.nodeId),
  ]);
  const led = new Map<number, number>();
  const alerts: Array<{ severity: 'warning' | 'critical'; message: string }> = [];
  let partitions = 0;
  let underReplicated = 0;
  let offline = 0;
  for (const t of topics) {
    for (const p of t.partitions) {
      partitions++;
      led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
      if (p.leader < 0) offline++;
      else if (p.isr.length < p.replicas.length) underReplicated++;
    }
  }
  if (offline > 0) alerts.push({ severity: 'critical', message: `${offline} offline partition(s) (no leader)` });
  if (underReplicated > 0)
    alerts.push({ severity: 'warning', message: `${underReplicated} under-replicated partition(s)` });
  if (cluster.controllerId < 0) alerts.push({ severity: 'critical', message: 'no active controller' });
  return {
    clusterId: cluster.clusterId,
    version,
    controllerId: cluster.controllerId,
    brokers: cluster.brokers
      .map((b) => {
        const mine = dirs.filter((d) => d.broker === b.nodeId);
        return {
          id: b.nodeId,
          host: b.host,
          port: b.port,
          rack: b.rack,
          controller: b.nodeId === cluster.controllerId,
          partitionsLed: led.get(b.nodeId) ?? 0,
          diskBytes: mine.reduce((s, d) => s + d.partitions.reduce((x, p) => x + num(p.size), 0), 0),
          logDirs: mine.map((d) => ({
            path: d.logDir,
            totalBytes: num(d.totalBytes),
            usableBytes: num(d.usableBytes),
          })),
        };
      })
      .sort((a, b) => a.id - b.id),
    topics: topics.length,
    partitions,
    underReplicated,
    offline,
    alerts,
  };
}

/** A broker's inter.broker.protocol.version; null when it may not be described (no DESCRIBE_CONFIGS). */
async function clusterVersion(admin: Admin, brokerId: number | undefined): Promise<string | null> {
  if (brokerId === undefined) return null;
  const [res] = await admin
    .describeConfigs([{ type: 'broker', name: String(brokerId), keys: ['inter.broker.protocol.version'] }])
    .catch(() => []);
  return res?.configs.find((c) => c.name === 'inter.broker.protocol.version')?.value ?? null;
}

/** Sum of every partition's end offset, and of every group's committed offsets. */
async function totals(admin: Admin): Promise<{ produced: number; consumed: number }> {
  const names = await admin.listTopics();
  const topics = names.length ? await admin.describeTopics(names) : [];
  const ends = await admin.listOffsets(
    topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partition, spec: 'latest' as const })),
    ),
  );
  const groups = await admin.listGroups();
  const committed = await Promise.all(groups.map((g) => admin.listGroupOffsets(g.groupId).catch(() => [])));
  return {
    produced: ends.reduce((s, e) => s + num(e.offset), 0),
    consumed: committed.flat().reduce((s, o) => s + num(o.offset), 0),
  };
}

export function clusterRoutes(app: HttpApp, ctx: ConsoleContext): void {
  app.get('/api/cluster', () => clusterOverview(ctx.admin));

  app.get<{ Querystring: Query }>('/api/cluster/live', async (req, reply) => {
    const intervalMs = intParam(req.query, 'intervalMs', 2_000, 200, 60_000);
    const sse = openSse(req, reply, ctx.streams);
    let last: { at: number; produced: number; consumed: number } | null = null;
    while (!sse.signal.aborted) {
      try {
        const t = await totals(ctx.admin);
        const at = Date.now();
        if (last) {
          const secs = Math.max(0.001, (at - last.at) / 1000);
          sse.send('throughput', {
            at,
            producedPerSec: Math.max(0, (t.produced - last.produced) / secs),
            consumedPerSec: Math.max(0, (t.consumed - last.consumed) / secs),
          });
        }
        last = { at, ...t };
      } catch (err) {
        sse.send('error', { message: (err as Error).message });
      }
      await sleep(intervalMs, undefined, { signal: sse.signal }).catch(() => {});
    }
    sse.end();
  });
}
