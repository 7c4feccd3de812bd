/**
 * DeleteAcls (key 31), v0-3.
 * - Needs ALTER on CLUSTER (else every filter result is CLUSTER_AUTHORIZATION_FAILED); without
 *   an authorizer every filter result is SECURITY_DISABLED, as Kafka answers.
 * - A malformed filter fails alone with INVALID_REQUEST; the others delete every binding they
 *   match (MATCH finds the literal, wildcard and prefixed patterns that apply to a name) and list
 *   what they deleted. v0 has no pattern type: LITERAL.
 */
import {
  type DeleteAclsRequest,
  type DeleteAclsResponseDeleteAclsFilterResult,
  defaultDeleteAclsResponse,
  ErrorCode,
} from '@samsa/protocol';
import { type AclBindingFilter, invalidFilter } from '../security/authorizer/acl-binding.js';
import { AclOperation, authorizedCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function everyResult(request: DeleteAclsRequest, errorCode: number, errorMessage: string | null) {
  const response = defaultDeleteAclsResponse();
  response.filterResults = request.filters.map(() => ({ errorCode, errorMessage, matchingAcls: [] }));
  return response;
}

export default defineHandler({
  apiKey: 31,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    const authorizer = ctx.broker.authorizer;
    if (!authorizer)
      return everyResult(request, ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured on the broker');
    if (!authorizedCluster(ctx, AclOperation.ALTER)) {
      return everyResult(request, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
    }
    const filters: AclBindingFilter[] = request.filters.map((f) => ({
      resourceType: f.resourceTypeFilter,
      name: f.resourceNameFilter,
      patternType: f.patternTypeFilter,
      principal: f.principalFilter,
      host: f.hostFilter,
      operation: f.operation,
      permissionType: f.permissionType,
    }));
    const invalid = filters.map(invalidFilter);
    const valid = filters.filter((_, i) => invalid[i] === null);
    const deleted = await authorizer.delete(valid);
    let next = 0;
    const response = defaultDeleteAclsResponse();
    response.filterResults = filters.map((_, i): DeleteAclsResponseDeleteAclsFilterResult => {
      const why = invalid[i];
      if (why) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: why, matchingAcls: [] };
      const r = deleted[next++];
      return {
        errorCode: r?.errorCode ?? ErrorCode.NONE,
        errorMessage: r?.errorMessage ?? null,
        matchingAcls: (r?.deleted ?? []).map((b) => ({
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          resourceType: b.pattern.resourceType,
          resourceName: b.pattern.name,
          patternType: b.pattern.patternType,
          ...b.entry,
        })),
      };
    });
    return response;
  },
  errorResponse(request, errorCode) {
    return everyResult(request, errorCode, null);
  },
});
