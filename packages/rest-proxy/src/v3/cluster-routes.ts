/** /v3/clusters and /v3/clusters/{cluster_id}/brokers (Confluent's ClustersResource, BrokersResource). */
import type { HttpApp } from '@samsa/common/http';
import { RestErrors } from '../errors.js';
import { brokerBody, clusterBody, list } from './resources.js';
import { baseUrl, cluster, type RestContext } from './route-context.js';

type ClusterParams = { cluster_id: string };

export function clusterRoutes(app: HttpApp, ctx: RestContext): void {
  app.get('/v3/clusters', async (req) => {
    const c = await ctx.admin.describeCluster();
    const base = baseUrl(req);
    return list('KafkaClusterList', `${base}/v3/clusters`, [clusterBody(base, c, c.clusterId ?? '')]);
  });

  app.get<{ Params: ClusterParams }>('/v3/clusters/:cluster_id', async (req) => {
    const { id, c } = await cluster(ctx, req.params.cluster_id);
    return clusterBody(baseUrl(req), c, id);
  });

  app.get<{ Params: ClusterParams }>('/v3/clusters/:cluster_id/brokers', async (req) => {
    const { id, c } = await cluster(ctx, req.params.cluster_id);
    const base = baseUrl(req);
    const brokers = [...c.brokers].sort((a, b) => a.nodeId - b.nodeId).map((b) => brokerBody(base, id, b));
    return list('KafkaBrokerList', `${base}/v3/clusters/${id}/brokers`, brokers);
  });

  app.get<{ Params: ClusterParams & { broker_id: string } }>(
    '/v3/clusters/:cluster_id/brokers/:broker_id',
    async (req) => {
      const { id, c } = await cluster(ctx, req.params.cluster_id);
      const b = c.brokers.find((x) => String(x.nodeId) === req.params.broker_id);
      if (b === undefined) throw RestErrors.brokerNotFound(req.params.broker_id);
      return brokerBody(baseUrl(req), id, b);
    },
  );
}
