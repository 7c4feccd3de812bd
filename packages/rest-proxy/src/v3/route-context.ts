/** What the v3 routes share: the client objects, and the cluster id checked against each path. */
import type { Admin, Producer } from '@samsa/client';
import type { SchemaRegistryClient } from '@samsa/client/schema-registry';
import type { HttpRequest } from '@samsa/common/http';
import { RestErrors } from '../errors.js';

export interface RestContext {
  admin: Admin;
  producer: Producer;
  /** The Schema Registry for the v2 schema formats (null: schema.registry.url not set). */
  registry(): Promise<SchemaRegistryClient | null>;
}

/** The base URL links are built from: as the client reached us (Host header). */
export const baseUrl = (req: HttpRequest) => `${req.protocol}://${req.headers.host ?? 'localhost'}`;

/** The cluster's description, 404 when the path names another cluster. */
export async function cluster(ctx: RestContext, wanted: string) {
  const c = await ctx.admin.describeCluster();
  const id = c.clusterId ?? '';
  if (wanted !== id) throw RestErrors.clusterNotFound(wanted);
  return { id, c };
}
