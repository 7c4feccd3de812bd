/**
 * FindCoordinator for one key: a group (key type 0) or a transactional id (key type 1). Brokers
 * from v4 answer a batch of keys; older ones a single key at the top level. The coordinator's
 * address is added to the broker pool, since it may not be in the metadata yet.
 */
import { ApiKey, ErrorCode, KafkaError } from '@samsa/protocol';
import { ConnectionError } from '../errors.js';
import type { Cluster } from '../metadata/cluster.js';

export const CoordinatorType = { GROUP: 0, TRANSACTION: 1 } as const;
export type CoordinatorTypeValue = (typeof CoordinatorType)[keyof typeof CoordinatorType];

/** The node id of `key`'s coordinator; throws the coordinator's error code as a KafkaError. */
export async function findCoordinator(
  cluster: Cluster,
  key: string,
  keyType: CoordinatorTypeValue,
  signal?: AbortSignal,
): Promise<number> {
  const conn = await cluster.anyConnection(signal);
  const versions = await conn.apiVersions(signal);
  const batched = versions.version(ApiKey.FindCoordinator) >= 4;
  const res = await conn.request(ApiKey.FindCoordinator, { key, keyType, coordinatorKeys: [key] }, { signal });
  const c = batched
    ? res.coordinators[0]
    : { nodeId: res.nodeId, host: res.host, port: res.port, errorCode: res.errorCode, errorMessage: res.errorMessage };
  if (!c) throw new KafkaError(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'FindCoordinator returned no coordinator');
  const what = keyType === CoordinatorType.GROUP ? 'group' : 'transactional id';
  // Kafka's brokers write "" in v4+ coordinators whatever the error: it means no message, like null.
  if (c.errorCode !== 0) throw new KafkaError(c.errorCode, c.errorMessage || `FindCoordinator for ${what} ${key}`);
  cluster.pool.setBrokers([{ nodeId: c.nodeId, host: c.host, port: c.port }]);
  return c.nodeId;
}

/** Whether `err` means a coordinator moved or is gone, so it must be looked up again. */
export function coordinatorMoved(err: unknown): boolean {
  return (
    err instanceof ConnectionError ||
    (err instanceof KafkaError &&
      (err.code === ErrorCode.NOT_COORDINATOR || err.code === ErrorCode.COORDINATOR_NOT_AVAILABLE))
  );
}
