/**
 * Reading topics:
 * - GET /api/topics?search=&offset=&limit=&internal= : names matching `search` (substring, case
 *   insensitive), sorted, paged on the server; only the page's topics get partition details, sizes
 *   (DescribeLogDirs) and message counts (end - start offsets), so 1,000 topics cost one page's work.
 * - GET /api/topics/:topic?partitionOffset=&partitionLimit= : partitions (leader, replicas, ISR,
 *   offsets, size) paged on the server (default 100 a page, so a 10,000-partition topic costs one
 *   page's ListOffsets), partitionCount, configs with source and default, and the groups with
 *   committed offsets on it.
 */
import type { Admin, TopicDescription } from '@samsa/client';
import type { HttpApp } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { kafkaCall, num } from '../http-errors.js';
import { intParam, type Query } from './query-params.js';
import { topicConfigs } from './topic-configs.js';
import { partitionBounds } from './topic-offsets.js';

/** Bytes per topic-partition ("topic\0partition"), the leader replica's (as Kafka's UIs show it). */
async function partitionSizes(admin: Admin, topics: TopicDescription[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (topics.length === 0) return sizes;
  const leaders = new Map<string, number>();
  for (const t of topics) for (const p of t.partitions) leaders.set(`${t.name}\0${p.partition}`, p.leader);
  const dirs = await admin.describeLogDirs(
    null,
    topics.map((t) => t.name),
  );
  for (const d of dirs) {
    for (const p of d.partitions) {
      const k = `${p.topic}\0${p.partition}`;
      if (leaders.get(k) === d.broker && !p.isFuture) sizes.set(k, (sizes.get(k) ?? 0) + num(p.size));
    }
  }
  return sizes;
}

export async function topicSummaries(admin: Admin, topics: TopicDescription[]) {
  const sizes = await partitionSizes(admin, topics).catch(() => new Map<string, number>());
  // Two ListOffsets rounds for the whole page (grouped by leader inside the client), not two per topic.
  const tps = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
  const list = (spec: 'earliest' | 'latest') => admin.listOffsets(tps.map((tp) => ({ ...tp, spec })));
  const [starts, ends] = tps.length ? await Promise.all([list('earliest'), list('latest')]) : [[], []];
  const messages = new Map<string, number>();
  tps.forEach((tp, i) => {
    const n = num((ends[i]?.offset ?? 0n) - (starts[i]?.offset ?? 0n));
    messages.set(tp.topic, (messages.get(tp.topic) ?? 0) + n);
  });
  return topics.map((t) => ({
    name: t.name,
    internal: t.isInternal,
    partitions: t.partitions.length,
    replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    underReplicated: t.partitions.filter((p) => p.isr.length < p.replicas.length).length,
    offline: t.partitions.filter((p) => p.leader < 0).length,
    sizeBytes: t.partitions.reduce((s, p) => s + (sizes.get(`${t.name}\0${p.partition}`) ?? 0), 0),
    messages: messages.get(t.name) ?? 0,
  }));
}

export function topicRoutes(app: HttpApp, ctx: ConsoleContext): void {
  app.get<{ Querystring: Query }>('/api/topics', async (req) => {
    const q = req.query;
    const offset = intParam(q, 'offset', 0, 0, 10_000_000);
    const limit = intParam(q, 'limit', 50, 1, 500);
    const search = (q.search ?? '').toLowerCase();
    const names = await kafkaCall(() => ctx.admin.listTopics({ listInternal: q.internal === 'true' }));
    const matching = search === '' ? names : names.filter((n) => n.toLowerCase().includes(search));
    const page = matching.slice(offset, offset + limit);
    const described = page.length ? await kafkaCall(() => ctx.admin.describeTopics(page)) : [];
    return {
      total: matching.length,
      offset,
      limit,
      topics: await kafkaCall(() => topicSummaries(ctx.admin, described)),
    };
  });

  app.get<{ Params: { topic: string }; Querystring: Query }>('/api/topics/:topic', async (req) => {
    const { topic } = req.params;
    const partitionOffset = intParam(req.query, 'partitionOffset', 0, 0, 10_000_000);
    const partitionLimit = intParam(req.query, 'partitionLimit', 100, 1, 1_000);
    const [d] = await kafkaCall(() => ctx.admin.describeTopics([topic]));
    const t = d as TopicDescription;
    const page = [...t.partitions]
      .sort((a, b) => a.partition - b.partition)
      .slice(partitionOffset, partitionOffset + partitionLimit);
    const [bounds, sizes, configs, groups] = await Promise.all([
      partitionBounds(
        ctx.admin,
        topic,
        page.map((p) => p.partition),
      ),
      partitionSizes(ctx.admin, [t]).catch(() => new Map<string, number>()),
      topicConfigs(ctx.admin, topic),
      consumingGroups(ctx.admin, topic),
    ]);
    return {
      name: t.name,
      topicId: t.topicId,
      internal: t.isInternal,
      partitionCount: t.partitions.length,
      partitionOffset,
      partitionLimit,
      partitions: page.map((p, i) => ({
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
        startOffset: num(bounds[i]?.start ?? 0n),
        endOffset: num(bounds[i]?.end ?? 0n),
        sizeBytes: sizes.get(`${topic}\0${p.partition}`) ?? 0,
      })),
      configs,
      groups,
    };
  });
}

/** Groups with committed offsets on `topic`, with their state and total lag on it. */
async function consumingGroups(admin: Admin, topic: string) {
  const groups = await kafkaCall(() => admin.listGroups());
  const found = await Promise.all(
    groups.map(async (g) => {
      const offsets = await admin.listGroupOffsets(g.groupId).catch(() => []);
      const mine = offsets.filter((o) => o.topic === topic);
      if (mine.length === 0) return null;
      return { groupId: g.groupId, state: g.state, lag: mine.reduce((s, o) => s + num(o.lag), 0) };
    }),
  );
  return found.filter((g) => g !== null).sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
}
