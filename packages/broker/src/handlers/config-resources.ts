import type { Logger } from '@samsa/common';
import { toKafkaFailure } from '../errors/kafka-failure.js';

/**
 * Shared by DescribeConfigs, AlterConfigs and IncrementalAlterConfigs: resource types, operations,
 * and the per-resource result both alter responses carry.
 */
export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;

export const OP_SET = 0;
export const OP_DELETE = 1;
export const OP_APPEND = 2;
export const OP_SUBTRACT = 3;

export interface ResourceResult {
  resourceType: number;
  resourceName: string;
  errorCode: number;
  errorMessage: string | null;
}

/** Fills a fresh response entry (from the generated default factory) for one resource. */
export function resourceResult<T extends ResourceResult>(
  fresh: T,
  type: number,
  name: string,
  errorCode: number,
  errorMessage: string | null,
): T {
  fresh.resourceType = type;
  fresh.resourceName = name;
  fresh.errorCode = errorCode;
  fresh.errorMessage = errorMessage;
  return fresh;
}

/**
 * Applies an alter request resource by resource: each succeeds or fails alone, its error carried
 * in its own result, as Kafka answers AlterConfigs and IncrementalAlterConfigs.
 */
export async function alterEachResource<
  R extends { resourceType: number; resourceName: string },
  T extends ResourceResult,
>(logger: Logger, resources: readonly R[], fresh: () => T, apply: (resource: R) => Promise<void>): Promise<T[]> {
  const out: T[] = [];
  for (const res of resources) {
    try {
      await apply(res);
      out.push(resourceResult(fresh(), res.resourceType, res.resourceName, 0, null));
    } catch (err) {
      const e = toKafkaFailure(err, logger);
      out.push(resourceResult(fresh(), res.resourceType, res.resourceName, e.code, e.message));
    }
  }
  return out;
}
