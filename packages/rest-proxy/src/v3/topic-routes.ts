/**
 * /v3/clusters/{cluster_id}/topics (list, create, get, delete) and their partitions (Confluent's
 * TopicsResource and PartitionsResource). Create answers 201 with the topic; an existing topic is
 * 400 with error_code 40002; an unknown one 404.
 */
import { type Admin, ErrorCode, KafkaError, type TopicDescription } from '@samsa/client';
import type { HttpApp } from '@samsa/common/http';
import { RestErrors } from '../errors.js';
import { list, partitionBody, topicBody } from './resources.js';
import { baseUrl, cluster, type RestContext } from './route-context.js';

type TopicParams = { cluster_id: string; topic_name: string };

async function describe(admin: Admin, topic: string): Promise<TopicDescription> {
  try {
    const [t] = await admin.describeTopics([topic], { timeoutMs: 10_000 });
    return t as TopicDescription;
  } catch (err) {
    if (err instanceof KafkaError && err.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
      throw RestErrors.topicNotFound();
    throw err;
  }
}

export function topicRoutes(app: HttpApp, ctx: RestContext): void {
  app.get<{ Params: { cluster_id: string } }>('/v3/clusters/:cluster_id/topics', async (req) => {
    const { id } = await cluster(ctx, req.params.cluster_id);
    const names = (await ctx.admin.listTopics({ listInternal: true })).sort();
    const topics = names.length === 0 ? [] : await ctx.admin.describeTopics(names);
    const base = baseUrl(req);
    return list(
      'KafkaTopicList',
      `${base}/v3/clusters/${id}/topics`,
      topics.map((t) => topicBody(base, id, t)),
    );
  });

  app.post<{ Params: { cluster_id: string } }>('/v3/clusters/:cluster_id/topics', async (req, reply) => {
    const { id } = await cluster(ctx, req.params.cluster_id);
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b.topic_name !== 'string' || b.topic_name === '') throw RestErrors.badRequest('topic_name is required');
    const configs = Array.isArray(b.configs)
      ? Object.fromEntries((b.configs as Array<{ name: string; value: string }>).map((c) => [c.name, String(c.value)]))
      : undefined;
    try {
      await ctx.admin.createTopics([
        {
          name: b.topic_name,
          numPartitions: typeof b.partitions_count === 'number' ? b.partitions_count : undefined,
          replicationFactor: typeof b.replication_factor === 'number' ? b.replication_factor : undefined,
          configs,
        },
      ]);
    } catch (err) {
      if (err instanceof KafkaError && err.code === ErrorCode.TOPIC_ALREADY_EXISTS)
        throw RestErrors.topicExists(b.topic_name);
      if (err instanceof KafkaError) throw RestErrors.badRequest(err.message);
      throw err;
    }
    reply.code(201);
    return topicBody(baseUrl(req), id, await describe(ctx.admin, b.topic_name));
  });

  app.get<{ Params: TopicParams }>('/v3/clusters/:cluster_id/topics/:topic_name', async (req) => {
    const { id } = await cluster(ctx, req.params.cluster_id);
    return topicBody(baseUrl(req), id, await describe(ctx.admin, req.params.topic_name));
  });

  app.delete<{ Params: TopicParams }>('/v3/clusters/:cluster_id/topics/:topic_name', async (req, reply) => {
    await cluster(ctx, req.params.cluster_id);
    await describe(ctx.admin, req.params.topic_name);
    await ctx.admin.deleteTopics([req.params.topic_name]);
    reply.code(204).send();
  });

  app.get<{ Params: TopicParams }>('/v3/clusters/:cluster_id/topics/:topic_name/partitions', async (req) => {
    const { id } = await cluster(ctx, req.params.cluster_id);
    const t = await describe(ctx.admin, req.params.topic_name);
    const base = baseUrl(req);
    const self = `${base}/v3/clusters/${id}/topics/${t.name}/partitions`;
    return list(
      'KafkaPartitionList',
      self,
      t.partitions.map((p) => partitionBody(base, id, t.name, p)),
    );
  });

  app.get<{ Params: TopicParams & { partition_id: string } }>(
    '/v3/clusters/:cluster_id/topics/:topic_name/partitions/:partition_id',
    async (req) => {
      const { id } = await cluster(ctx, req.params.cluster_id);
      const t = await describe(ctx.admin, req.params.topic_name);
      const p = t.partitions.find((x) => String(x.partition) === req.params.partition_id);
      if (p === undefined) throw RestErrors.partitionNotFound();
      return partitionBody(baseUrl(req), id, t.name, p);
    },
  );
}
