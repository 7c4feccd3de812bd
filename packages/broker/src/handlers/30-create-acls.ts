/**
 * CreateAcls (key 30), v0-3.
 * - Needs ALTER on CLUSTER (else every result is CLUSTER_AUTHORIZATION_FAILED); without an
 *   authorizer every result is SECURITY_DISABLED, as Kafka answers.
 * - Each creation succeeds or fails alone: a pattern type other than LITERAL or PREFIXED, an
 *   UNKNOWN/ANY element, an unparsable principal, a CLUSTER not named kafka-cluster is
 *   INVALID_REQUEST with Kafka's message. Creating an ACL that exists is a success.
 * - v0 has no pattern type: LITERAL.
 */
import { type CreateAclsRequest, defaultCreateAclsResponse, ErrorCode } from '@samsa/protocol';
import type { AclBinding } from '../security/authorizer/acl-binding.js';
import { AclOperation, authorizedCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function everyResult(request: CreateAclsRequest, errorCode: number, errorMessage: string | null) {
  const response = defaultCreateAclsResponse();
  response.results = request.creations.map(() => ({ errorCode, errorMessage }));
  return response;
}

export default defineHandler({
  apiKey: 30,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    const authorizer = ctx.broker.authorizer;
    if (!authorizer)
      return everyResult(request, ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured on the broker');
    if (!authorizedCluster(ctx, AclOperation.ALTER)) {
      return everyResult(request, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, null);
    }
    const bindings: AclBinding[] = request.creations.map((c) => ({
      pattern: { resourceType: c.resourceType, name: c.resourceName, patternType: c.resourcePatternType },
      entry: { principal: c.principal, host: c.host, operation: c.operation, permissionType: c.permissionType },
    }));
    const response = defaultCreateAclsResponse();
    response.results = await authorizer.create(bindings);
    return response;
  },
  errorResponse(request, errorCode) {
    return everyResult(request, errorCode, null);
  },
});
