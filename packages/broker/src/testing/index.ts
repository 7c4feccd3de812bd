/**
 * `@samsa/broker/testing`: real brokers in-process for tests — Samsa's own suites and users'.
 * A single broker needs nothing; a cluster needs ZooKeeper (Debian's `zookeeper` package).
 */
export { freePort } from './free-port.js';
export { startTestBroker, type TestBroker, type TestBrokerOptions } from './test-broker.js';
export {
  clusterBrokerConfig,
  FAST_CLUSTER_CONFIG,
  startTestCluster,
  type TestCluster,
  type TestClusterOptions,
} from './test-cluster.js';
export { TestZooKeeper, ZkProxy, zookeeperAvailable } from './zookeeper.js';
