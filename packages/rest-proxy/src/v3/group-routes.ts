/**
 * /v3/clusters/{cluster_id}/consumer-groups[/{group}] with `/consumers`, `/lags` and `/lag-summary`
 * (Confluent's ConsumerGroupsResource, ConsumersResource, ConsumerLagsResource and
 * ConsumerGroupLagSummariesResource): groups as the coordinator describes them, and each
 * partition's committed offset, log end offset and lag, with the member that owns it.
 */
import type { GroupDescription } from '@samsa/client';
import type { HttpApp } from '@samsa/common/http';
import { HttpError } from '@samsa/common/http';
import { list, related } from './resources.js';
import { baseUrl, cluster, type RestContext } from './route-context.js';

type GroupParams = { cluster_id: string; consumer_group_id: string };

const groupNotFound = (g: string) => new HttpError(404, `Consumer Group ${g} could not be found.`, 404);

function groupBody(base: string, id: string, g: GroupDescription) {
  const self = `${base}/v3/clusters/${id}/consumer-groups/${g.groupId}`;
  return {
    kind: 'KafkaConsumerGroup',
    metadata: { self, resource_name: `crn:///kafka=${id}/consumer-group=${g.groupId}` },
    cluster_id: id,
    consumer_group_id: g.groupId,
    is_simple: g.protocolType === '',
    partition_assignor: g.protocol,
    state: g.state.toUpperCase(),
    consumers: related(`${self}/consumers`),
    lag_summary: related(`${self}/lag-summary`),
  };
}

export function groupRoutes(app: HttpApp, ctx: RestContext): void {
  const describe = async (groupId: string) => {
    const [g] = await ctx.admin.describeGroups([groupId]);
    if (g === undefined || g.state === 'Dead') throw groupNotFound(groupId);
    return g;
  };
  /** Each committed partition with its lag and the member assigned it (if any). */
  const lags = async (g: GroupDescription) => {
    const offsets = await ctx.admin.listGroupOffsets(g.groupId);
    return offsets.map((o) => {
      const owner = g.members.find((m) => m.assignment.some((a) => a.topic === o.topic && a.partition === o.partition));
      return { o, owner };
    });
  };

  app.get<{ Params: { cluster_id: string } }>('/v3/clusters/:cluster_id/consumer-groups', async (req) => {
    const { id } = await cluster(ctx, req.params.cluster_id);
    const ids = (await ctx.admin.listGroups()).map((g) => g.groupId).sort();
    const groups = ids.length === 0 ? [] : await ctx.admin.describeGroups(ids);
    const base = baseUrl(req);
    return list(
      'KafkaConsumerGroupList',
      `${base}/v3/clusters/${id}/consumer-groups`,
      groups.map((g) => groupBody(base, id, g)),
    );
  });

  app.get<{ Params: GroupParams }>('/v3/clusters/:cluster_id/consumer-groups/:consumer_group_id', async (req) => {
    const { id } = await cluster(ctx, req.params.cluster_id);
    return groupBody(baseUrl(req), id, await describe(req.params.consumer_group_id));
  });

  app.get<{ Params: GroupParams }>(
    '/v3/clusters/:cluster_id/consumer-groups/:consumer_group_id/consumers',
    async (req) => {
      const { id } = await cluster(ctx, req.params.cluster_id);
      const g = await describe(req.params.consumer_group_id);
      const self = `${baseUrl(req)}/v3/clusters/${id}/consumer-groups/${g.groupId}/consumers`;
      return list(
        'KafkaConsumerList',
        self,
        g.members.map((m) => ({
          kind: 'KafkaConsumer',
          metadata: {
            self: `${self}/${m.memberId}`,
            resource_name: `crn:///kafka=${id}/consumer-group=${g.groupId}/consumer=${m.memberId}`,
          },
          cluster_id: id,
          consumer_group_id: g.groupId,
          consumer_id: m.memberId,
          instance_id: m.groupInstanceId,
          client_id: m.clientId,
          assignments: related(`${self}/${m.memberId}/assignments`),
        })),
      );
    },
  );

  app.get<{ Params: GroupParams }>('/v3/clusters/:cluster_id/consumer-groups/:consumer_group_id/lags', async (req) => {
    const { id } = await cluster(ctx, req.params.cluster_id);
    const g = await describe(req.params.consumer_group_id);
    const self = `${baseUrl(req)}/v3/clusters/${id}/consumer-groups/${g.groupId}/lags`;
    const data = (await lags(g)).map(({ o, owner }) => ({
      kind: 'KafkaConsumerLag',
      metadata: {
        self: `${self}/${o.topic}/partitions/${o.partition}`,
        resource_name: `crn:///kafka=${id}/consumer-group=${g.groupId}/lag=${o.topic}/partition=${o.partition}`,
      },
      cluster_id: id,
      consumer_group_id: g.groupId,
      topic_name: o.topic,
      partition_id: o.partition,
      current_offset: Number(o.offset),
      log_end_offset: Number(o.logEndOffset),
      lag: Number(o.lag),
      consumer_id: owner?.memberId ?? '',
      instance_id: owner?.groupInstanceId ?? null,
      client_id: owner?.clientId ?? '',
    }));
    return list('KafkaConsumerLagList', self, data);
  });

  app.get<{ Params: GroupParams }>(
    '/v3/clusters/:cluster_id/consumer-groups/:consumer_group_id/lag-summary',
    async (req) => {
      const { id } = await cluster(ctx, req.params.cluster_id);
      const g = await describe(req.params.consumer_group_id);
      const all = await lags(g);
      const max = all.reduce<(typeof all)[number] | null>((m, x) => (m === null || x.o.lag > m.o.lag ? x : m), null);
      const self = `${baseUrl(req)}/v3/clusters/${id}/consumer-groups/${g.groupId}/lag-summary`;
      return {
        kind: 'KafkaConsumerGroupLagSummary',
        metadata: { self, resource_name: `crn:///kafka=${id}/consumer-group=${g.groupId}/lag-summary` },
        cluster_id: id,
        consumer_group_id: g.groupId,
        max_lag_consumer_id: max?.owner?.memberId ?? '',
        max_lag_instance_id: max?.owner?.groupInstanceId ?? null,
        max_lag_client_id: max?.owner?.clientId ?? '',
        max_lag_topic_name: max?.o.topic ?? '',
        max_lag_partition_id: max?.o.partition ?? 0,
        max_lag: Number(max?.o.lag ?? 0n),
        total_lag: Number(all.reduce((s, x) => s + x.o.lag, 0n)),
      };
    },
  );
}
