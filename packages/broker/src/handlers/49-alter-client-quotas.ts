/**
 * AlterClientQuotas (key 49), v0-1.
 * - Each entry alone: its entity must be valid (known types, none twice, ip alone) and its ops
 *   must name keys that apply to that entity (producer_byte_rate, consumer_byte_rate,
 *   request_percentage, controller_mutation_rate for user/client-id; connection_creation_rate for
 *   ip) with values of the key's type, each key once; else INVALID_REQUEST with a message.
 * - remove=true deletes a key (its value is ignored); an entity left with no keys is gone.
 * - validate_only checks everything and changes nothing.
 * - Changes persist in the metadata store and apply to quota enforcement at once.
 * - Needs ALTER_CONFIGS on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  type AlterClientQuotasRequestEntryData,
  defaultAlterClientQuotasResponse,
  ErrorCode,
  errorInfo,
} from '@samsa/protocol';
import { toKafkaFailure } from '../errors/kafka-failure.js';
import type { QuotaEntity } from '../metadata/metadata-store.js';
import { invalidEntity, invalidQuota } from '../quota/quota-entity.js';
import type { RequestContext } from '../request-context.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function invalidEntry(e: AlterClientQuotasRequestEntryData): string | null {
  const entityProblem = invalidEntity(e.entity);
  if (entityProblem !== null) return entityProblem;
  const types = e.entity.map((x) => x.entityType);
  const keys = new Set<string>();
  for (const op of e.ops) {
    if (keys.has(op.key)) return `Duplicate quota key ${op.key} in the request`;
    keys.add(op.key);
    const problem = invalidQuota(types, op.key, op.remove ? 1 : op.value);
    if (problem !== null) return problem;
  }
  return null;
}

async function alter(ctx: RequestContext, e: AlterClientQuotasRequestEntryData, validateOnly: boolean) {
  const result = { errorCode: 0, errorMessage: null as string | null, entity: e.entity };
  const invalid = invalidEntry(e);
  if (invalid !== null) return { ...result, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: invalid };
  if (validateOnly) return result;
  const entity: QuotaEntity = Object.fromEntries(e.entity.map((x) => [x.entityType, x.entityName]));
  try {
    await ctx.broker.quotas.alter(entity, (current) => {
      const next = { ...current };
      for (const op of e.ops) {
        if (op.remove) delete next[op.key];
        else next[op.key] = op.value;
      }
      return next;
    });
  } catch (err) {
    const { code, message } = toKafkaFailure(err, ctx.logger);
    return { ...result, errorCode: code, errorMessage: message };
  }
  return result;
}

export default defineHandler({
  apiKey: 49,
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.ALTER_CONFIGS);
    const r = defaultAlterClientQuotasResponse();
    for (const e of request.entries) r.entries.push(await alter(ctx, e, request.validateOnly));
    return r;
  },
  errorResponse(request, errorCode) {
    const r = defaultAlterClientQuotasResponse();
    // Kafka's whole-request failure carries the code's default text on every entry.
    const errorMessage = errorInfo(errorCode).message;
    r.entries = request.entries.map((e) => ({ errorCode, errorMessage, entity: e.entity }));
    return r;
  },
});
