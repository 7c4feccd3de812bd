/**
 * Changing topics (each refused in read-only mode and without the CSRF header, write-guards.ts):
 * - POST /api/topics { name, partitions?, replicationFactor?, configs?: {k: v} } → 201;
 * - DELETE /api/topics/:topic;
 * - POST /api/topics/:topic/partitions { count } raises the partition count (CreatePartitions);
 * - PATCH /api/topics/:topic/configs { set?: {k: v}, delete?: [k] } (IncrementalAlterConfigs),
 *   answering the configs as they are afterwards.
 * Kafka's own validation answers bad values (INVALID_CONFIG, INVALID_PARTITIONS, ...) as 400/409.
 */
import type { HttpApp } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { badRequest, kafkaCall } from '../http-errors.js';
import { objectBody } from './query-params.js';
import { topicConfigs } from './topic-configs.js';

function optionalInt(o: Record<string, unknown>, name: string, min: number): number | undefined {
  const v = o[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min)
    throw badRequest(`${name} must be an integer >= ${min}`);
  return n;
}

function stringMap(v: unknown, name: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${name} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean')
      throw badRequest(`${name}.${k} must be a string`);
    out[k] = String(x);
  }
  return out;
}

export function topicAdminRoutes(app: HttpApp, ctx: ConsoleContext): void {
  app.post('/api/topics', async (req, reply) => {
    const body = objectBody(req.body);
    const name = body.name;
    if (typeof name !== 'string' || name === '') throw badRequest('name is required');
    const numPartitions = optionalInt(body, 'partitions', 1);
    const replicationFactor = optionalInt(body, 'replicationFactor', 1);
    const configs = stringMap(body.configs, 'configs');
    const [created] = await kafkaCall(() =>
      ctx.admin.createTopics([
        {
          name,
          configs,
          ...(numPartitions !== undefined ? { numPartitions } : {}),
          ...(replicationFactor !== undefined ? { replicationFactor } : {}),
        },
      ]),
    );
    ctx.logger.info({ topic: name }, 'topic created from the console');
    reply.code(201);
    return created;
  });

  app.delete<{ Params: { topic: string } }>('/api/topics/:topic', async (req, reply) => {
    await kafkaCall(() => ctx.admin.deleteTopics([req.params.topic]));
    ctx.logger.info({ topic: req.params.topic }, 'topic deleted from the console');
    reply.code(204);
  });

  app.post<{ Params: { topic: string } }>('/api/topics/:topic/partitions', async (req) => {
    const count = optionalInt(objectBody(req.body), 'count', 1);
    if (count === undefined) throw badRequest('count is required');
    await kafkaCall(() => ctx.admin.createPartitions({ [req.params.topic]: count }));
    return { topic: req.params.topic, partitions: count };
  });

  app.patch<{ Params: { topic: string } }>('/api/topics/:topic/configs', async (req) => {
    const body = objectBody(req.body);
    const set = stringMap(body.set, 'set');
    const del = body.delete ?? [];
    if (!Array.isArray(del) || del.some((k) => typeof k !== 'string'))
      throw badRequest('delete must be a list of names');
    const ops = [
      ...Object.entries(set).map(([name, value]) => ({ name, op: 'set' as const, value })),
      ...(del as string[]).map((name) => ({ name, op: 'delete' as const })),
    ];
    if (ops.length === 0) throw badRequest('nothing to change: give set and/or delete');
    await kafkaCall(() => ctx.admin.incrementalAlterConfigs([{ type: 'topic', name: req.params.topic, ops }]));
    return { configs: await topicConfigs(ctx.admin, req.params.topic) };
  });
}
