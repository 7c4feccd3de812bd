/**
 * The message browser: GET /api/topics/:topic/messages pages through one partition or all of them.
 * Query: partition (a number, or absent for all), start = newest | oldest | offset | timestamp (with
 * offset= or timestamp=), limit (1-500), filter + filterIn (any | key | value | headers), render
 * (auto | text | json | hex), or cursor (the next/prev value of an earlier answer, which replaces
 * start). Answers { records, next, prev } with records oldest first.
 */
import type { HttpApp } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { badRequest, kafkaCall } from '../http-errors.js';
import { browsePage } from '../messages/browse.js';
import { type BrowseCursor, decodeCursor, encodeCursor } from '../messages/browse-cursor.js';
import { FILTER_FIELDS, recordFilter } from '../messages/record-filter.js';
import { recordJson } from '../messages/record-json.js';
import { RENDER_MODES } from '../messages/render.js';
import { intParam, offsetParam, oneOf, type Query, timestampParam } from './query-params.js';
import { partitionBounds, partitionsOf } from './topic-offsets.js';

const STARTS = ['newest', 'oldest', 'offset', 'timestamp'] as const;

export function messageRoutes(app: HttpApp, ctx: ConsoleContext): void {
  app.get<{ Params: { topic: string }; Querystring: Query }>('/api/topics/:topic/messages', async (req) => {
    const { topic } = req.params;
    const q = req.query;
    const limit = intParam(q, 'limit', 50, 1, 500);
    const render = oneOf(q, 'render', RENDER_MODES, 'auto');
    const filter = recordFilter(q.filter ?? '', oneOf(q, 'filterIn', FILTER_FIELDS, 'any'));
    const all = await partitionsOf(ctx.admin, topic);
    const partitions =
      q.partition === undefined || q.partition === '' || q.partition === 'all'
        ? all
        : [intParam(q, 'partition', 0, 0, 1_000_000)];
    if (partitions.some((p) => !all.includes(p))) throw badRequest(`topic ${topic} has no partition ${q.partition}`);
    const bounds = await partitionBounds(ctx.admin, topic, partitions);
    let cursor: BrowseCursor;
    if (q.cursor) {
      cursor = decodeCursor(q.cursor);
    } else {
      const start = oneOf(q, 'start', STARTS, 'newest');
      const positions = new Map<number, bigint>();
      if (start === 'offset') {
        const offset = offsetParam(q, 'offset');
        for (const b of bounds) positions.set(b.partition, offset);
      } else if (start === 'timestamp') {
        const timestamp = timestampParam(q, 'timestamp');
        const found = await kafkaCall(() =>
          ctx.admin.listOffsets(partitions.map((partition) => ({ topic, partition, spec: { timestamp } }))),
        );
        for (const [i, b] of bounds.entries()) {
          const o = found[i]?.offset ?? -1n;
          positions.set(b.partition, o < 0n ? b.end : o);
        }
      } else {
        for (const b of bounds) positions.set(b.partition, start === 'oldest' ? b.start : b.end);
      }
      cursor = { direction: start === 'newest' ? 'backward' : 'forward', positions };
    }
    const consumer = ctx.newReader();
    try {
      const page = await kafkaCall(() =>
        browsePage({
          consumer,
          topic,
          bounds,
          cursor,
          limit,
          filter,
          budget: { deadline: Date.now() + 5_000, maxScanned: 200_000 },
        }),
      );
      return {
        topic,
        records: page.records.map((r) => recordJson(r, render)),
        next: page.next && encodeCursor(page.next),
        prev: page.prev && encodeCursor(page.prev),
        partitions: bounds.map((b) => ({ partition: b.partition, start: Number(b.start), end: Number(b.end) })),
      };
    } finally {
      await consumer.close({ timeoutMs: 1_000 }).catch(() => {});
    }
  });
}
