/**
 * Writing and tailing a topic's records:
 * - POST /api/topics/:topic/records { key?, value, headers?: [{key, value}], partition? } produces one
 *   record with the console's Producer and answers its partition and offset;
 * - GET /api/topics/:topic/tail?partition=&filter=&filterIn=&render= streams records appended from
 *   now on as SSE `record` events (a group-less consumer at each partition's end).
 */
import type { HttpApp } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { badRequest, kafkaCall } from '../http-errors.js';
import { FILTER_FIELDS, recordFilter } from '../messages/record-filter.js';
import { recordJson } from '../messages/record-json.js';
import { RENDER_MODES } from '../messages/render.js';
import { openSse } from '../sse.js';
import { intParam, objectBody, oneOf, type Query } from './query-params.js';
import { partitionBounds, partitionsOf } from './topic-offsets.js';

function optionalString(o: Record<string, unknown>, name: string): string | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${name} must be a string`);
  return v;
}

export function produceRoutes(app: HttpApp, ctx: ConsoleContext): void {
  app.post<{ Params: { topic: string } }>('/api/topics/:topic/records', async (req) => {
    const body = objectBody(req.body);
    const key = optionalString(body, 'key');
    const value = optionalString(body, 'value') ?? null;
    const headersIn = body.headers ?? [];
    if (!Array.isArray(headersIn)) throw badRequest('headers must be a list of {key, value}');
    const headers = headersIn.map((h) => {
      if (typeof h !== 'object' || h === null || typeof h.key !== 'string' || h.key === '')
        throw badRequest('each header needs a non-empty key');
      const v = (h as { value?: unknown }).value;
      if (v !== undefined && v !== null && typeof v !== 'string') throw badRequest('header values must be strings');
      return { key: h.key as string, value: (v as string | null | undefined) ?? null };
    });
    const partition = body.partition;
    if (partition !== undefined && partition !== null && !(Number.isInteger(partition) && (partition as number) >= 0))
      throw badRequest('partition must be a non-negative integer');
    const md = await kafkaCall(() =>
      ctx.producer.send({
        topic: req.params.topic,
        key: key === undefined ? null : Buffer.from(key),
        value: value === null ? null : Buffer.from(value),
        headers,
        ...(typeof partition === 'number' ? { partition } : {}),
      }),
    );
    return { topic: md.topic, partition: md.partition, offset: Number(md.offset), timestamp: md.timestamp };
  });

  app.get<{ Params: { topic: string }; Querystring: Query }>('/api/topics/:topic/tail', async (req, reply) => {
    const { topic } = req.params;
    const q = req.query;
    const render = oneOf(q, 'render', RENDER_MODES, 'auto');
    const filter = recordFilter(q.filter ?? '', oneOf(q, 'filterIn', FILTER_FIELDS, 'any'));
    const all = await partitionsOf(ctx.admin, topic);
    const partitions = q.partition ? [intParam(q, 'partition', 0, 0, 1_000_000)] : all;
    if (partitions.some((p) => !all.includes(p))) throw badRequest(`topic ${topic} has no partition ${q.partition}`);
    const bounds = await partitionBounds(ctx.admin, topic, partitions);
    const sse = openSse(req, reply, ctx.streams);
    const consumer = ctx.newReader();
    consumer.assign(partitions.map((partition) => ({ topic, partition })));
    for (const b of bounds) consumer.seek({ topic, partition: b.partition }, b.end);
    sse.send('ready', { partitions: bounds.map((b) => ({ partition: b.partition, from: Number(b.end) })) });
    try {
      while (!sse.signal.aborted) {
        const batch = await consumer.pollBatch({ timeoutMs: 1_000, signal: sse.signal });
        if (batch === null) break;
        for (const r of batch.records) if (filter === null || filter(r)) sse.send('record', recordJson(r, render));
      }
    } catch (err) {
      if (!sse.signal.aborted) {
        ctx.logger.warn({ err, topic }, 'live tail stopped');
        sse.send('error', { message: (err as Error).message });
      }
    } finally {
      await consumer.close({ timeoutMs: 1_000 }).catch(() => {});
      sse.end();
    }
  });
}
