/**
 * What the metrics endpoint and the health routes read from a broker. The Broker implements it; it
 * is an interface so that the routes are testable without a whole broker and never reach into its
 * private parts.
 */
import type { GroupCoordinator } from '../coordinator/group/group-coordinator.js';
import type { MetadataCache } from '../metadata/metadata-cache.js';
import type { ReplicaManager } from '../replica/replica-manager.js';
import type { RequestProbe } from './request-probe.js';

export interface ListenerConnections {
  name: string;
  connections: number;
  /** Completed and failed authentications (SASL exchanges, TLS handshakes) since start. */
  authentications: { succeeded: number; failed: number };
}

export interface MetricsSource {
  readonly brokerId: number;
  readonly replicas: ReplicaManager;
  readonly metadata: MetadataCache;
  readonly groups: GroupCoordinator;
  readonly requestProbe: RequestProbe;
  readonly logDirs: readonly string[];
  /** Open connections per Kafka listener. */
  listenerConnections(): ListenerConnections[];
  /** Whether this broker is the active controller (always, in single-node mode). */
  isActiveController(): boolean;
}
