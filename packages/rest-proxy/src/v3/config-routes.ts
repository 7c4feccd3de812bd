/**
 * /v3/clusters/{cluster_id}/topics/{topic_name}/configs[/{name}] and
 * /v3/clusters/{cluster_id}/brokers/{broker_id}/configs (Confluent's TopicConfigsResource and
 * BrokerConfigsResource, reads): each config as `KafkaTopicConfig` / `KafkaBrokerConfig` with its
 * value, default, read-only and sensitive flags, source and synonyms, as DescribeConfigs reports.
 */
import type { ConfigEntry, ResourceType } from '@samsa/client';
import type { HttpApp } from '@samsa/common/http';
import { HttpError } from '@samsa/common/http';
import { RestErrors } from '../errors.js';
import { list } from './resources.js';
import { baseUrl, cluster, type RestContext } from './route-context.js';

type TopicParams = { cluster_id: string; topic_name: string };

function configBody(kind: string, self: string, crn: string, owner: Record<string, unknown>, e: ConfigEntry) {
  return {
    kind,
    metadata: { self: `${self}/${e.name}`, resource_name: `${crn}/config=${e.name}` },
    ...owner,
    name: e.name,
    value: e.isSensitive ? null : e.value,
    is_default: e.isDefault,
    is_read_only: e.readOnly,
    is_sensitive: e.isSensitive,
    source: e.source,
    synonyms: e.synonyms.map((s) => ({ name: s.name, value: s.value, source: s.source })),
  };
}

async function entries(ctx: RestContext, type: ResourceType, name: string, notFound: () => HttpError) {
  try {
    const [r] = await ctx.admin.describeConfigs([{ type, name }], { includeSynonyms: true, timeoutMs: 10_000 });
    return [...(r?.configs ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    throw notFound();
  }
}

export function configRoutes(app: HttpApp, ctx: RestContext): void {
  const topicConfigs = async (params: TopicParams, base: string) => {
    const { id } = await cluster(ctx, params.cluster_id);
    const self = `${base}/v3/clusters/${id}/topics/${params.topic_name}/configs`;
    const crn = `crn:///kafka=${id}/topic=${params.topic_name}`;
    const owner = { cluster_id: id, topic_name: params.topic_name };
    const es = await entries(ctx, 'topic', params.topic_name, RestErrors.topicNotFound);
    return { self, list: es.map((e) => configBody('KafkaTopicConfig', self, crn, owner, e)) };
  };

  app.get<{ Params: TopicParams }>('/v3/clusters/:cluster_id/topics/:topic_name/configs', async (req) => {
    const { self, list: data } = await topicConfigs(req.params, baseUrl(req));
    return list('KafkaTopicConfigList', self, data);
  });

  app.get<{ Params: TopicParams & { name: string } }>(
    '/v3/clusters/:cluster_id/topics/:topic_name/configs/:name',
    async (req) => {
      const { list: data } = await topicConfigs(req.params, baseUrl(req));
      const found = data.find((c) => c.name === req.params.name);
      if (found === undefined)
        throw new HttpError(404, `Config ${req.params.name} cannot be found for topic ${req.params.topic_name}.`, 404);
      return found;
    },
  );

  app.get<{ Params: { cluster_id: string; broker_id: string } }>(
    '/v3/clusters/:cluster_id/brokers/:broker_id/configs',
    async (req) => {
      const { id, c } = await cluster(ctx, req.params.cluster_id);
      if (!c.brokers.some((b) => String(b.nodeId) === req.params.broker_id))
        throw RestErrors.brokerNotFound(req.params.broker_id);
      const self = `${baseUrl(req)}/v3/clusters/${id}/brokers/${req.params.broker_id}/configs`;
      const crn = `crn:///kafka=${id}/broker=${req.params.broker_id}`;
      const owner = { cluster_id: id, broker_id: Number(req.params.broker_id) };
      const es = await entries(ctx, 'broker', req.params.broker_id, () =>
        RestErrors.brokerNotFound(req.params.broker_id),
      );
      return list(
        'KafkaBrokerConfigList',
        self,
        es.map((e) => configBody('KafkaBrokerConfig', self, crn, owner, e)),
      );
    },
  );
}
