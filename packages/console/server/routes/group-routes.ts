/**
 * Consumer groups:
 * - GET /api/groups?search=&offset=&limit=: groups (searched and paged on the server) with state,
 *   protocol type, member count, topics and total lag;
 * - GET /api/groups/:group: state, assignor, members (client id, host, assignment) and committed
 *   offset, log end offset and lag per partition, with the total;
 * - GET /api/groups/:group/live: SSE `lag` events (state, member count, lag per partition and total) every intervalMs;
 * - POST /api/groups/:group/reset-offsets: see reset-offsets.ts;
 * - DELETE /api/groups/:group: refused (409, NON_EMPTY_GROUP) while the group has members, as Kafka does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from '@samsa/client';
import { type HttpApp, HttpError } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { kafkaCall, num } from '../http-errors.js';
import { openSse } from '../sse.js';
import { intParam, type Query } from './query-params.js';

export async function groupOffsets(admin: Admin, groupId: string) {
  const offsets = await kafkaCall(() => admin.listGroupOffsets(groupId));
  const partitions = offsets.map((o) => ({
    topic: o.topic,
    partition: o.partition,
    offset: num(o.offset),
    logEndOffset: num(o.logEndOffset),
    lag: num(o.lag),
  }));
  return { partitions, totalLag: partitions.reduce((s, p) => s + p.lag, 0) };
}

export async function groupDetail(admin: Admin, groupId: string) {
  const [d] = await kafkaCall(() => admin.describeGroups([groupId]));
  if (!d || d.state === 'Dead') throw new HttpError(404, `GROUP_ID_NOT_FOUND: group ${groupId} does not exist`);
  return {
    groupId,
    state: d.state,
    protocolType: d.protocolType,
    protocol: d.protocol,
    members: d.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: m.assignment,
    })),
    ...(await groupOffsets(admin, groupId)),
  };
}

export function groupRoutes(app: HttpApp, ctx: ConsoleContext): void {
  app.get<{ Querystring: Query }>('/api/groups', async (req) => {
    const q = req.query;
    const offset = intParam(q, 'offset', 0, 0, 10_000_000);
    const limit = intParam(q, 'limit', 50, 1, 500);
    const search = (q.search ?? '').toLowerCase();
    const groups = (await kafkaCall(() => ctx.admin.listGroups()))
      .filter((g) => search === '' || g.groupId.toLowerCase().includes(search))
      .sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
    // Only the page's groups are described and have their lag computed.
    const page = groups.slice(offset, offset + limit);
    const ids = page.map((g) => g.groupId);
    const described = ids.length ? await kafkaCall(() => ctx.admin.describeGroups(ids)) : [];
    const lags = await Promise.all(ids.map((id) => groupOffsets(ctx.admin, id).catch(() => null)));
    return {
      total: groups.length,
      offset,
      limit,
      groups: page.map((g, i) => ({
        groupId: g.groupId,
        state: described[i]?.state ?? g.state,
        protocolType: g.protocolType,
        members: described[i]?.members.length ?? 0,
        topics: [...new Set(lags[i]?.partitions.map((p) => p.topic) ?? [])].sort(),
        totalLag: lags[i]?.totalLag ?? null,
      })),
    };
  });

  app.get<{ Params: { group: string } }>('/api/groups/:group', (req) => groupDetail(ctx.admin, req.params.group));

  app.get<{ Params: { group: string }; Querystring: Query }>('/api/groups/:group/live', async (req, reply) => {
    const intervalMs = intParam(req.query, 'intervalMs', 2_000, 200, 60_000);
    const sse = openSse(req, reply, ctx.streams);
    while (!sse.signal.aborted) {
      try {
        const [d] = await kafkaCall(() => ctx.admin.describeGroups([req.params.group]));
        const offsets = await groupOffsets(ctx.admin, req.params.group);
        sse.send('lag', { at: Date.now(), state: d?.state ?? 'Dead', members: d?.members.length ?? 0, ...offsets });
      } catch (err) {
        sse.send('error', { message: (err as Error).message });
      }
      await sleep(intervalMs, undefined, { signal: sse.signal }).catch(() => {});
    }
    sse.end();
  });

  app.delete<{ Params: { group: string } }>('/api/groups/:group', async (req, reply) => {
    const groupId = req.params.group;
    await kafkaCall(() => ctx.admin.deleteGroups([groupId]));
    ctx.logger.info({ groupId }, 'group deleted from the console');
    reply.code(204);
  });
}
