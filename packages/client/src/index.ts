// The one logger shape (@samsa/common's): users pass a pino logger or any object with the level methods.
export { type LogFields, type Logger, type LogMethods, silentLogger } from '@samsa/common';
export {
  ACL_OPERATIONS,
  ACL_PATTERN_TYPES,
  ACL_PERMISSION_TYPES,
  ACL_RESOURCE_TYPES,
  type AccessControlEntry,
  type AclBinding,
  type AclBindingFilter,
  type AclOperationName,
  type AclPatternType,
  type AclPermissionTypeName,
  type AclResourceType,
  ANY_ACL_FILTER,
  type ResourcePattern,
} from './admin/acls.js';
export {
  Admin,
  type AdminConfig,
  type CallOptions,
  type ClusterDescription,
  type CreatedTopic,
  type MutationOptions,
  type NewTopic,
  type TopicDescription,
} from './admin/admin.js';
export type {
  EntityQuotas,
  QuotaAlteration,
  QuotaEntity,
  QuotaEntityType,
  QuotaFilter,
  QuotaFilterComponent,
} from './admin/client-quotas.js';
export type {
  ConfigAlteration,
  ConfigEntry,
  ConfigOp,
  ConfigResource,
  ConfigSource,
  ResourceConfigs,
  ResourceType,
} from './admin/configs.js';
export type { ConsumerGroupEpochs, GroupDescription, GroupListing, GroupOffset } from './admin/groups.js';
export type { ElectionType, PartitionOutcome, PartitionReassignment } from './admin/leadership.js';
export type { OffsetAnswer, OffsetQuery, OffsetSpec } from './admin/list-offsets.js';
export type { LogDirDescription } from './admin/log-dirs.js';
export type {
  ScramCredentialInfo,
  ScramMechanism,
  UserScramCredentialAlteration,
  UserScramCredentialsDescription,
} from './admin/scram-credentials.js';
export * from './config.js';
export {
  ADMIN_CONFIG_DEF,
  CLIENT_CONFIG_DEF,
  type ClientConfigKey,
  CONSUMER_CONFIG_DEF,
  PRODUCER_CONFIG_DEF,
} from './config-defs.js';
export {
  Consumer,
  type ConsumerBatch,
  type ConsumerConfig,
  type ConsumerRecord,
  type PollOptions,
  type TopicPartition,
} from './consumer/consumer.js';
export {
  type Assignor,
  cooperativeStickyAssignor,
  type MemberSubscription,
  rangeAssignor,
  roundRobinAssignor,
  stickyAssignor,
} from './consumer/group/assignors.js';
export type { RebalanceListener } from './consumer/group/group-manager.js';
export * from './errors.js';
export { Cluster } from './metadata/cluster.js';
export type { ClusterMetadata, PartitionMetadata, TopicMetadata } from './metadata/metadata.js';
export type { Metric } from './metrics.js';
export {
  type Authenticator,
  type ClientTlsOptions,
  Connection,
  type ConnectionOptions,
  type RequestOptions,
  type SocketFactory,
} from './network/connection.js';
export { cipherList, opensslCipherName, protocolRange } from './network/tls/cipher-suites.js';
export { clientTlsFromSslConfig, usesTls } from './network/tls/kafka-ssl-config.js';
export {
  checkTlsOptions,
  keyStoreOptions,
  SslConfigError,
  type SslKeyReader,
  trustStoreCertificates,
} from './network/tls/ssl-stores.js';
export { ApiVersionTable } from './network/versions.js';
export { murmur2, partitionForKey, toPositive } from './producer/murmur2.js';
export type { CustomPartitioner, PartitionerArgs } from './producer/partitioner.js';
export {
  type ConsumerGroupMetadata,
  type Headers,
  type HeaderValue,
  Producer,
  type ProducerConfig,
  type ProducerRecord,
  type RecordMetadata,
  type Transaction,
} from './producer/producer.js';
export * from './producer/serializers.js';
export {
  AbortableTransactionError,
  FatalProducerError,
  ProducerFencedError,
  RecordTooLargeError,
  TransactionAbortedError,
  TransactionalIdAuthorizationError,
} from './producer/transactions/transaction-errors.js';
export type { TransactionState } from './producer/transactions/transaction-manager.js';
export type { TxnOffset } from './producer/transactions/transaction-requests.js';
export {
  type MetricsProvider,
  PrometheusClientMetrics,
  type PrometheusRegistry,
  prometheusName,
} from './prometheus.js';
export { type ClientCredentialsOptions, clientCredentialsProvider } from './security/oauthbearer/client-credentials.js';
export type { OAuthBearerProvider, OAuthBearerToken } from './security/oauthbearer/oauthbearer-client.js';
export {
  type OAuthBearerLoginConfig,
  OIDC_LOGIN_HANDLERS,
  oauthBearerLoginProvider,
} from './security/oauthbearer/oauthbearer-login.js';
export { unsecuredJws } from './security/oauthbearer/unsecured-token.js';
export {
  type OAuthBearerSaslOptions,
  type PasswordSaslOptions,
  type SaslMechanismName,
  type SaslOptions,
  saslAuthenticator,
} from './security/sasl-authenticator.js';
export { ScramClient } from './security/scram-client.js';
