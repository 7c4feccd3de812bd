/**
 * The conformance matrix (support/reference-matrix.ts; the scenarios are listed in
 * reference-clients.test.ts) against a three-broker cluster: replication factor 3,
 * min.insync.replicas=2, acks=all, one codec per client to bound the time.
 */
import { referenceMatrix } from './support/reference-matrix.js';
import { startThreeBrokerCluster } from './support/samsa-cluster.js';

referenceMatrix({
  name: 'a three-broker cluster (RF 3, min.insync.replicas=2, acks=all)',
  start: () => startThreeBrokerCluster(),
  codecs: { franz: ['zstd'], sarama: ['lz4'], python: ['gzip'], java: ['snappy'] },
});
