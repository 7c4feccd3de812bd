/**
 * The services a request handler may delegate to. The Broker (composition root) implements it;
 * handler tests can supply their own.
 */
import type { LogManager } from '@samsa/storage';
import type { DynamicBrokerConfigs } from './admin/dynamic-broker-configs.js';
import type { ClusterMembership } from './cluster/cluster-membership.js';
import type { BrokerConfig } from './config/index.js';
import type { ControllerService } from './controller/controller-service.js';
import type { GroupCoordinator } from './coordinator/group/group-coordinator.js';
import type { ProducerIdSource } from './coordinator/txn/producer-id-manager.js';
import type { TransactionCoordinator } from './coordinator/txn/transaction-coordinator.js';
import type { FetchManager } from './fetch/fetch-manager.js';
import type { MetadataCache } from './metadata/metadata-cache.js';
import type { TopicManager } from './metadata/topic-manager.js';
import type { ClientQuotaManager } from './quota/client-quota-manager.js';
import type { ReplicaManager } from './replica/replica-manager.js';
import type { AclAuthorizer } from './security/authorizer/acl-authorizer.js';
import type { KafkaPrincipal } from './security/authorizer/acl-types.js';
import type { ScramCredentialStore } from './security/sasl/scram-credential-store.js';

/**
 * Test and embedding hook, like Kafka's principal.builder.class: names the principal of each
 * request from what the broker knows of it (the client id, the peer address, the listener), so
 * ACLs can be exercised before authentication exists. Never set by `samsa broker`.
 */
export type PrincipalBuilder = (request: { clientId: string | null; host: string; listener: string }) => KafkaPrincipal;

export interface BrokerServices {
  readonly brokerId: number;
  readonly config: BrokerConfig;
  readonly metadata: MetadataCache;
  readonly topics: TopicManager;
  readonly replicas: ReplicaManager;
  readonly fetcher: FetchManager;
  readonly logs: LogManager;
  readonly dynamicConfigs: DynamicBrokerConfigs;
  readonly groups: GroupCoordinator;
  readonly producerIds: ProducerIdSource;
  readonly txns: TransactionCoordinator;
  readonly quotas: ClientQuotaManager;
  /** authorizer.class.name's authorizer, or null when none is configured (everything allowed). */
  readonly authorizer: AclAuthorizer | null;
  readonly principalBuilder?: PrincipalBuilder | null;
  /** SCRAM credentials for the SASL listeners and the credential APIs. */
  readonly scram: ScramCredentialStore;
  /** Cluster mode: creates __consumer_offsets when enough brokers are alive (FindCoordinator). */
  createOffsetsTopic?(): Promise<void>;
  /** Cluster mode: ZooKeeper membership and, on the elected broker, the controller. */
  readonly cluster?: ClusterMembership | null;
  /**
   * Whoever answers the controller APIs here: this broker itself in single-node mode, the
   * ClusterController in cluster mode (inactive unless elected), null before it exists.
   */
  readonly controller: ControllerService | null;
  /** Cluster mode: the metadata store, for LeaderAndIsr to read topic configs it has not seen yet. */
  ensureTopicsKnown?(names: Iterable<string>): Promise<void>;
}
