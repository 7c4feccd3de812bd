/**
 * Controlled shutdown (Kafka's KafkaServer.controlledShutdown): before a cluster broker stops, it
 * asks the controller to move its leaderships to other in-sync replicas, so producers and
 * consumers fail over at once instead of waiting for the session timeout. Retried
 * (controlled.shutdown.max.retries, with controlled.shutdown.retry.backoff.ms between attempts)
 * while the controller answers with partitions it could not move or cannot be reached.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import type { ClusterMetadataCache } from '../metadata/cluster-metadata-cache.js';
import { interBrokerConnection } from '../network/inter-broker-connection.js';

export interface ControlledShutdownOptions {
  brokerId: number;
  brokerEpoch: bigint;
  listener: string;
  maxRetries: number;
  retryBackoffMs: number;
  requestTimeoutMs: number;
}

/** Returns true when the controller moved every leadership away. */
export async function controlledShutdown(
  cache: ClusterMetadataCache,
  options: ControlledShutdownOptions,
  log: Logger,
): Promise<boolean> {
  for (let attempt = 1; attempt <= options.maxRetries; attempt++) {
    const controller = cache.liveBroker(cache.controllerId());
    const endpoint = controller?.endpoints.find((e) => e.listener === options.listener) ?? controller?.endpoints[0];
    if (controller && endpoint) {
      const conn = interBrokerConnection(
        { nodeId: controller.id, host: endpoint.host, port: endpoint.port },
        { brokerId: options.brokerId, requestTimeoutMs: options.requestTimeoutMs, logger: log, purpose: 'shutdown' },
      );
      try {
        const r = await conn.request(7, { brokerId: options.brokerId, brokerEpoch: options.brokerEpoch });
        if (r.errorCode === ErrorCode.NONE && r.remainingPartitions.length === 0) {
          log.info({ attempt }, 'controlled shutdown succeeded');
          return true;
        }
        log.warn(
          { attempt, errorCode: r.errorCode, remaining: r.remainingPartitions.length },
          'controlled shutdown incomplete; retrying',
        );
      } catch (err) {
        log.warn({ attempt, err: String(err) }, 'controlled shutdown request failed; retrying');
      } finally {
        conn.close();
      }
    }
    await new Promise((r) => setTimeout(r, options.retryBackoffMs));
  }
  log.warn('controlled shutdown did not complete; stopping anyway');
  return false;
}
