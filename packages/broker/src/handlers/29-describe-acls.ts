/**
 * DescribeAcls (key 29), v0-3.
 * - Needs DESCRIBE on CLUSTER (else CLUSTER_AUTHORIZATION_FAILED); without an authorizer
 *   SECURITY_DISABLED, as Kafka answers.
 * - A filter with an UNKNOWN element, or a principal that does not parse, is INVALID_REQUEST.
 * - Matching bindings are grouped by resource pattern; v0 has no pattern type in the request (it
 *   means LITERAL) nor in the response.
 */
import {
  type DescribeAclsRequest,
  defaultDescribeAclsResponse,
  defaultDescribeAclsResponseAclDescription,
  defaultDescribeAclsResponseDescribeAclsResource,
  ErrorCode,
} from '@samsa/protocol';
import { type AclBindingFilter, invalidFilter, patternKey } from '../security/authorizer/acl-binding.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

export function describeFilterOf(r: DescribeAclsRequest): AclBindingFilter {
  return {
    resourceType: r.resourceTypeFilter,
    name: r.resourceNameFilter,
    patternType: r.patternTypeFilter,
    principal: r.principalFilter,
    host: r.hostFilter,
    operation: r.operation,
    permissionType: r.permissionType,
  };
}

export default defineHandler({
  apiKey: 29,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, request) {
    const response = defaultDescribeAclsResponse();
    const authorizer = ctx.broker.authorizer;
    if (!authorizer) {
      response.errorCode = ErrorCode.SECURITY_DISABLED;
      response.errorMessage = 'No Authorizer is configured on the broker';
      return response;
    }
    requireCluster(ctx, AclOperation.DESCRIBE);
    const filter = describeFilterOf(request);
    const invalid = invalidFilter(filter);
    if (invalid) {
      response.errorCode = ErrorCode.INVALID_REQUEST;
      response.errorMessage = invalid;
      return response;
    }
    const byPattern = new Map<string, ReturnType<typeof defaultDescribeAclsResponseDescribeAclsResource>>();
    for (const b of authorizer.describe(filter)) {
      const key = patternKey(b.pattern);
      let resource = byPattern.get(key);
      if (!resource) {
        resource = defaultDescribeAclsResponseDescribeAclsResource();
        resource.resourceType = b.pattern.resourceType;
        resource.resourceName = b.pattern.name;
        resource.patternType = b.pattern.patternType;
        byPattern.set(key, resource);
      }
      const acl = defaultDescribeAclsResponseAclDescription();
      Object.assign(acl, b.entry);
      resource.acls.push(acl);
    }
    response.resources = [...byPattern.values()];
    return response;
  },
  errorResponse(_request, errorCode) {
    const response = defaultDescribeAclsResponse();
    response.errorCode = errorCode;
    return response;
  },
});
