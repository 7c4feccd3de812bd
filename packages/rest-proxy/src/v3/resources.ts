/**
 * Confluent REST Proxy v3 resource bodies: each has its `kind`, `metadata.self` (its own URL) and
 * `metadata.resource_name` (a CRN, `crn:///kafka=<cluster>/topic=<t>/partition=<p>`), and links to
 * related collections as `{ related: url }`. Pure builders from the base URL and client answers.
 */
import type { ClusterDescription, TopicDescription } from '@samsa/client';

export const related = (href: string) => ({ related: href });

export function list(kind: string, self: string, data: unknown[]) {
  return { kind, metadata: { self, next: null }, data };
}

export function clusterBody(base: string, c: ClusterDescription, id: string) {
  const self = `${base}/v3/clusters/${id}`;
  return {
    kind: 'KafkaCluster',
    metadata: { self, resource_name: `crn:///kafka=${id}` },
    cluster_id: id,
    controller: c.controllerId >= 0 ? related(`${self}/brokers/${c.controllerId}`) : null,
    acls: related(`${self}/acls`),
    brokers: related(`${self}/brokers`),
    broker_configs: related(`${self}/broker-configs`),
    consumer_groups: related(`${self}/consumer-groups`),
    topics: related(`${self}/topics`),
    partition_reassignments: related(`${self}/topics/-/partitions/-/reassignment`),
  };
}

export function brokerBody(base: string, id: string, b: ClusterDescription['brokers'][number]) {
  const self = `${base}/v3/clusters/${id}/brokers/${b.nodeId}`;
  return {
    kind: 'KafkaBroker',
    metadata: { self, resource_name: `crn:///kafka=${id}/broker=${b.nodeId}` },
    cluster_id: id,
    broker_id: b.nodeId,
    host: b.host,
    port: b.port,
    rack: b.rack,
    configs: related(`${self}/configs`),
    partition_replicas: related(`${self}/partition-replicas`),
  };
}

export function topicBody(base: string, id: string, t: TopicDescription) {
  const self = `${base}/v3/clusters/${id}/topics/${t.name}`;
  return {
    kind: 'KafkaTopic',
    metadata: { self, resource_name: `crn:///kafka=${id}/topic=${t.name}` },
    cluster_id: id,
    topic_name: t.name,
    is_internal: t.isInternal,
    replication_factor: t.partitions[0]?.replicas.length ?? 0,
    partitions_count: t.partitions.length,
    partitions: related(`${self}/partitions`),
    configs: related(`${self}/configs`),
    partition_reassignments: related(`${self}/partitions/-/reassignment`),
    authorized_operations: [],
  };
}

export function partitionBody(base: string, id: string, topic: string, p: TopicDescription['partitions'][number]) {
  const self = `${base}/v3/clusters/${id}/topics/${topic}/partitions/${p.partition}`;
  return {
    kind: 'KafkaPartition',
    metadata: { self, resource_name: `crn:///kafka=${id}/topic=${topic}/partition=${p.partition}` },
    cluster_id: id,
    topic_name: topic,
    partition_id: p.partition,
    leader: p.leader >= 0 ? related(`${self}/replicas/${p.leader}`) : null,
    replicas: related(`${self}/replicas`),
    reassignment: related(`${self}/reassignment`),
  };
}
