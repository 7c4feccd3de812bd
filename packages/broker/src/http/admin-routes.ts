/**
 * The broker's admin HTTP routes (Redpanda's admin API paths, Kafka's metric names):
 * - GET /metrics: Prometheus text, or OpenMetrics when the Accept header asks for it.
 * - GET /v1/status/live: 200 while the process answers (liveness).
 * - GET /v1/status/ready: 200 once the broker serves, else 503 with the reason (readiness).
 * - GET /v1/brokers: live brokers (id, host, port, rack, controller).
 * - GET /v1/partitions[?topic=T]: every partition's leader, replicas, ISR and offsets where local.
 * Errors go through @samsa/common/http's one mapping ({ error_code, message }).
 */
import { type HttpApp, HttpError } from '@samsa/common/http';
import type { BrokerMetrics } from '../metrics/broker-metrics.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { BrokerStatus } from './broker-status.js';

export interface AdminRoutesOptions {
  source: MetricsSource;
  status: BrokerStatus;
  /** null: the broker is not built yet (only status routes answer). */
  metrics: BrokerMetrics | null;
  /** The Kafka listener whose endpoints /v1/brokers shows. */
  listener: string;
}

export function adminRoutes(opts: AdminRoutesOptions): (app: HttpApp) => void {
  const { source, status } = opts;
  return (app) => {
    app.get('/metrics', async (req, reply) => {
      if (!opts.metrics) throw new HttpError(503, 'metrics not available yet');
      const { contentType, body } = await opts.metrics.scrape(req.headers.accept);
      reply.header('content-type', contentType);
      return body;
    });
    app.get('/v1/status/live', async () => ({ status: 'live' }));
    app.get('/v1/status/ready', async () => {
      const reason = status.notReadyReason();
      if (reason !== null) throw new HttpError(503, reason);
      return { status: 'ready' };
    });
    app.get('/v1/brokers', async () => {
      const controller = source.metadata.controllerId();
      return source.metadata.brokers(opts.listener).map((b) => ({
        node_id: b.nodeId,
        host: b.host,
        port: b.port,
        rack: b.rack,
        is_controller: b.nodeId === controller,
        is_alive: true,
      }));
    });
    app.get<{ Querystring: { topic?: string } }>('/v1/partitions', async (req) => {
      const wanted = req.query.topic;
      if (wanted !== undefined && !source.metadata.topic(wanted)) {
        throw new HttpError(404, `topic ${wanted} does not exist`);
      }
      const out = [];
      for (const t of source.metadata.topics()) {
        if (wanted !== undefined && t.name !== wanted) continue;
        for (const p of t.partitions) {
          const local = source.replicas.getPartition(t.name, p.partition);
          out.push({
            topic: t.name,
            partition_id: p.partition,
            leader_id: p.leaderId,
            leader_epoch: p.leaderEpoch,
            replicas: p.replicas,
            isr: p.isr,
            offline_replicas: p.offlineReplicas,
            under_replicated: p.isr.length < p.replicas.length,
            // Offsets and size are known only where the log lives.
            log_start_offset: local?.log.logStartOffset ?? null,
            high_watermark: local?.log.highWatermark ?? null,
            log_end_offset: local?.log.logEndOffset ?? null,
            size_bytes: local?.log.size ?? null,
          });
        }
      }
      return out;
    });
  };
}
