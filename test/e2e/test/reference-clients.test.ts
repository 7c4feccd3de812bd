/**
 * The cross-client conformance matrix (issue 16) against one Samsa broker and against a
 * three-broker cluster (replication factor 3, acks=all, min.insync.replicas=2), each shape shared
 * by every client, each client in as few processes as it allows:
 * - keyed records with each codec (one per client on the cluster) on the partition Java's default
 *   partitioner picks (murmur2), read back once in a group, committed offsets adding up: franz-go,
 *   sarama, confluent-kafka 2.x, kafka-python 2.2, Kafka's Java client 3.9 and 4.1;
 * - an aborted and a committed transaction under a read_committed consumer: franz-go, sarama,
 *   confluent-kafka, kafka-python, Java;
 * - cooperative-sticky (KIP-429) and static members (KIP-345): franz-go, confluent-kafka, Java;
 *   static members with sarama's eager protocol (kafka-python has neither);
 * - the admin rows (topics, partitions, configs, groups and offsets, records deletion, offsets for
 *   times, the cluster, log dirs, quotas): Java Admin (describeTopics paged through
 *   DescribeTopicPartitions), franz-go kadm, confluent-kafka's AdminClient (no log dirs or quotas
 *   in librdkafka).
 */
import { CODECS, referenceMatrix } from './support/reference-matrix.js';
import { startSingleBroker } from './support/samsa-cluster.js';

referenceMatrix({
  name: 'one broker',
  start: () => startSingleBroker(),
  codecs: { franz: CODECS, sarama: CODECS, python: CODECS, java: CODECS },
});
