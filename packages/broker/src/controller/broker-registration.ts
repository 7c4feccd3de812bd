/**
 * A broker's membership in the cluster (Kafka's `KafkaZkClient.registerBroker` and cluster id
 * handling): persistent paths, the cluster id created once, and the ephemeral /brokers/ids/<id>
 * that disappears when the broker's session ends — which is how the controller learns of its loss.
 */
import { randomBytes } from 'node:crypto';
import type { ZkClient } from '../zk/zk-client.js';
import { ZkError } from '../zk/zk-client.js';
import { BrokerIdZNode, type BrokerInfo, ClusterIdZNode, PERSISTENT_PATHS } from '../zk/znodes.js';

export async function ensurePersistentPaths(zk: ZkClient): Promise<void> {
  for (const path of PERSISTENT_PATHS) await zk.mkdirp(path);
}

/** Kafka's cluster id format: 16 random bytes, base64url without padding (22 characters). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** Reads /cluster/id or creates it; the conditional create means all brokers agree on one id. */
export async function getOrCreateClusterId(zk: ZkClient, proposed = newClusterId()): Promise<string> {
  await zk.mkdirp('/cluster');
  try {
    await zk.create(ClusterIdZNode.path, ClusterIdZNode.encode(proposed));
    return proposed;
  } catch (err) {
    if (!(err instanceof ZkError && err.code === 'NODE_EXISTS')) throw err;
    return ClusterIdZNode.decode((await zk.get(ClusterIdZNode.path)).data);
  }
}

/**
 * Creates the ephemeral registration and returns the broker epoch (the node's czxid, as Kafka).
 * NODE_EXISTS means another live session holds this broker id.
 */
export async function registerBroker(zk: ZkClient, info: BrokerInfo): Promise<bigint> {
  const path = BrokerIdZNode.path(info.id);
  await zk.create(path, BrokerIdZNode.encode(info), 'ephemeral');
  const stat = await zk.exists(path);
  if (!stat) throw new ZkError('NO_NODE', `registration ${path} vanished`, path);
  return stat.czxid;
}
