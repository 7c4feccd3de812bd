/**
 * DescribeGroups (key 15), v0-5.
 * - Unknown groups are described as Dead with no error (Kafka's answer up to v5).
 * - Members' metadata and assignments, and the protocol, are filled only while the group is Stable.
 * - v3+ asks for authorized operations: those of READ, DELETE and DESCRIBE the principal is
 *   allowed (all three without an authorizer); -2^31 ("not provided") when not asked, as Kafka.
 * - Needs DESCRIBE on each group (else GROUP_AUTHORIZATION_FAILED for it), as in Kafka.
 */
import {
  type DescribeGroupsRequest,
  type DescribeGroupsResponse,
  type DescribeGroupsResponseDescribedGroup,
  defaultDescribeGroupsResponse,
  defaultDescribeGroupsResponseDescribedGroup,
  defaultDescribeGroupsResponseDescribedGroupMember,
  ErrorCode,
} from '@samsa/protocol';
import type { GroupDescription } from '../coordinator/group/group-coordinator.js';
import { AclOperation, authorizedGroup, authorizedOperations, ResourceType } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

const NOT_PROVIDED = -2147483648;

function entry(d: GroupDescription, ops: number | null): DescribeGroupsResponseDescribedGroup {
  const g = defaultDescribeGroupsResponseDescribedGroup();
  g.errorCode = d.errorCode;
  g.groupId = d.groupId;
  g.groupState = d.state;
  g.protocolType = d.protocolType;
  g.protocolData = d.protocol;
  g.authorizedOperations = ops ?? NOT_PROVIDED;
  g.members = d.members.map((m) => {
    const e = defaultDescribeGroupsResponseDescribedGroupMember();
    e.memberId = m.memberId;
    e.groupInstanceId = m.groupInstanceId;
    e.clientId = m.clientId;
    e.clientHost = m.clientHost;
    e.memberMetadata = m.metadata;
    e.memberAssignment = m.assignment;
    return e;
  });
  return g;
}

export default defineHandler({
  apiKey: 15,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const r = defaultDescribeGroupsResponse();
    const ops = ctx.apiVersion >= 3 && request.includeAuthorizedOperations;
    r.groups = request.groups.map((id) => {
      if (!authorizedGroup(ctx, AclOperation.DESCRIBE, id)) {
        return entry(
          {
            errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
            groupId: id,
            state: 'Dead',
            protocolType: '',
            protocol: '',
            members: [],
          },
          null,
        );
      }
      return entry(ctx.broker.groups.describeGroup(id), ops ? authorizedOperations(ctx, ResourceType.GROUP, id) : null);
    });
    return r;
  },
  errorResponse(request: DescribeGroupsRequest, errorCode: number): DescribeGroupsResponse {
    const r = defaultDescribeGroupsResponse();
    r.groups = request.groups.map((groupId) =>
      entry({ errorCode, groupId, state: 'Dead', protocolType: '', protocol: '', members: [] }, null),
    );
    return r;
  },
});
