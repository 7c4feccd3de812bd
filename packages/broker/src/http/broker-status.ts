/**
 * Whether the broker serves, for /v1/status/ready (Kubernetes readiness). The composition root
 * moves it starting → serving once logs are loaded, coordinators started and the Kafka listeners
 * bound (and, in cluster mode, the broker registered); → stopping when shutdown begins. Serving
 * also needs the metadata to be known: in cluster mode, the controller's UpdateMetadata naming this
 * broker live; a single node knows its metadata from its own store.
 */
export type BrokerState = 'starting' | 'serving' | 'stopping';

export class BrokerStatus {
  state: BrokerState = 'starting';

  constructor(
    /** Cluster mode: whether the metadata cache knows this broker as live. */
    private readonly metadataKnown: () => boolean = () => true,
  ) {}

  /** Why the broker is not ready, or null when it is. */
  notReadyReason(): string | null {
    if (this.state === 'starting') return 'broker is starting';
    if (this.state === 'stopping') return 'broker is shutting down';
    if (!this.metadataKnown()) return 'cluster metadata not received yet';
    return null;
  }
}
