/**
 * POST /api/groups/:group/reset-offsets, kafka-consumer-groups --reset-offsets in JSON:
 * { topic? (default: every topic the group has offsets for), to: earliest | latest | timestamp |
 * offset, timestamp?, offset?, dryRun? } answers each partition's current and new offset; with
 * dryRun (Kafka's --dry-run) nothing is committed. As in Kafka, a group with active members is
 * refused (409) — dry run included — because its consumers would overwrite the offsets.
 * --to-offset is clamped to each partition's [log start, log end], as Kafka's tool does.
 */
import type { OffsetSpec } from '@samsa/client';
import { type HttpApp, HttpError } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { badRequest, kafkaCall, num } from '../http-errors.js';
import { objectBody } from './query-params.js';
import { partitionsOf } from './topic-offsets.js';

const TARGETS = ['earliest', 'latest', 'timestamp', 'offset'] as const;

export function resetOffsetsRoute(app: HttpApp, ctx: ConsoleContext): void {
  app.post<{ Params: { group: string } }>('/api/groups/:group/reset-offsets', async (req) => {
    const groupId = req.params.group;
    const body = objectBody(req.body);
    const to = body.to;
    if (typeof to !== 'string' || !(TARGETS as readonly string[]).includes(to))
      throw badRequest(`to must be one of ${TARGETS.join(', ')}`);
    const dryRun = body.dryRun === true;
    const [d] = await kafkaCall(() => ctx.admin.describeGroups([groupId]));
    const state = d?.state ?? 'Dead';
    if (d && d.members.length > 0)
      throw new HttpError(
        409,
        `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${state}.`,
      );
    const current = await kafkaCall(() => ctx.admin.listGroupOffsets(groupId));
    let tps: Array<{ topic: string; partition: number }>;
    if (typeof body.topic === 'string' && body.topic !== '') {
      const topic = body.topic;
      tps = (await partitionsOf(ctx.admin, topic)).map((partition) => ({ topic, partition }));
    } else {
      tps = current.map((o) => ({ topic: o.topic, partition: o.partition }));
    }
    if (tps.length === 0) throw badRequest(`group ${groupId} has no committed offsets: name a topic`);
    const list = (spec: OffsetSpec) =>
      kafkaCall(() => ctx.admin.listOffsets(tps.map((tp) => ({ ...tp, spec }))).then((a) => a.map((x) => x.offset)));
    const [starts, ends] = await Promise.all([list('earliest'), list('latest')]);
    let targets: bigint[];
    if (to === 'earliest') targets = starts;
    else if (to === 'latest') targets = ends;
    else if (to === 'offset') {
      const v = body.offset;
      if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0) && !(typeof v === 'string' && /^\d+$/.test(v)))
        throw badRequest('offset must be a non-negative integer');
      const o = BigInt(v);
      targets = tps.map((_, i) => {
        const s = starts[i] ?? 0n;
        const e = ends[i] ?? 0n;
        return o < s ? s : o > e ? e : o;
      });
    } else {
      const ts = typeof body.timestamp === 'string' ? Date.parse(body.timestamp) : body.timestamp;
      if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0)
        throw badRequest('timestamp must be epoch milliseconds or an ISO 8601 date');
      const found = await list({ timestamp: ts });
      // No record at or after the timestamp: the end, as Kafka's tool does.
      targets = found.map((o, i) => (o < 0n ? (ends[i] ?? 0n) : o));
    }
    const partitions = tps.map((tp, i) => {
      const cur = current.find((c) => c.topic === tp.topic && c.partition === tp.partition);
      return { ...tp, current: cur ? num(cur.offset) : null, target: num(targets[i] ?? 0n) };
    });
    if (!dryRun) {
      await kafkaCall(() =>
        ctx.admin.alterGroupOffsets(
          groupId,
          partitions.map((p) => ({ topic: p.topic, partition: p.partition, offset: BigInt(p.target) })),
        ),
      );
      ctx.logger.info({ groupId, to }, 'group offsets reset from the console');
    }
    return { groupId, dryRun, partitions };
  });
}
