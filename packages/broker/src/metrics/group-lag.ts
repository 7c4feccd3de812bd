/**
 * Consumer-group offsets and lag as kafka-exporter computes them: for every group this broker
 * coordinates, each committed offset, and the partition's high watermark minus it (the LOG-END-OFFSET
 * minus CURRENT-OFFSET that kafka-consumer-groups --describe prints). Lag is known only where this
 * broker leads the partition (in a cluster, another broker's series carry the rest); null elsewhere.
 * Computed at scrape time; never negative.
 */
import { ErrorCode } from '@samsa/protocol';
import type { MetricsSource } from './metrics-source.js';

export interface GroupPartitionOffset {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  lag: number | null;
}

export function collectGroupOffsets(source: MetricsSource): GroupPartitionOffset[] {
  const out: GroupPartitionOffset[] = [];
  const { groups, replicas, brokerId } = source;
  for (const listing of groups.listGroups([]).groups) {
    const fetched = groups.fetchOffsets(listing.groupId, null);
    if (fetched.errorCode !== ErrorCode.NONE) continue;
    for (const t of fetched.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== ErrorCode.NONE || p.offset < 0n) continue;
        const offset = Number(p.offset);
        const local = replicas.getPartition(t.name, p.partition);
        const lag = local?.isLeader(brokerId) ? Math.max(0, local.log.highWatermark - offset) : null;
        out.push({ group: listing.groupId, topic: t.name, partition: p.partition, offset, lag });
      }
    }
  }
  return out;
}
