/**
 * LeaveGroup (key 13), v0-5.
 * - v0-2: one member (memberId); its error is the response's error.
 * - v3+: a batch of members, each by member id or (static members) by group.instance.id with an
 *   empty member id; each gets its own error and the top-level error is about the group.
 * - The group rebalances without the leavers.
 * - Needs READ on the group (else GROUP_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  defaultLeaveGroupResponse,
  defaultLeaveGroupResponseMemberResponse,
  ErrorCode,
  type LeaveGroupRequest,
  type LeaveGroupResponse,
} from '@samsa/protocol';
import type { MemberIdentity } from '../coordinator/group/membership.js';
import { AclOperation, ResourceType, requireAuthorized } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function leavers(request: LeaveGroupRequest, version: number): MemberIdentity[] {
  if (version < 3) return [{ memberId: request.memberId, groupInstanceId: null }];
  return request.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }));
}

function build(members: MemberIdentity[], errorCode: number, codes: number[], version: number): LeaveGroupResponse {
  const r = defaultLeaveGroupResponse();
  if (version < 3) {
    // Kafka folds the single member's error into the top-level one for old versions.
    r.errorCode = errorCode !== ErrorCode.NONE ? errorCode : (codes[0] ?? ErrorCode.NONE);
    return r;
  }
  r.errorCode = errorCode;
  r.members = members.map((m, i) => {
    const e = defaultLeaveGroupResponseMemberResponse();
    e.memberId = m.memberId;
    e.groupInstanceId = m.groupInstanceId;
    e.errorCode = codes[i] ?? errorCode;
    return e;
  });
  return r;
}

export default defineHandler({
  apiKey: 13,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const members = leavers(request, ctx.apiVersion);
    requireAuthorized(
      ctx,
      AclOperation.READ,
      ResourceType.GROUP,
      request.groupId,
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
    );
    const result = ctx.broker.groups.leaveGroup(request.groupId, members);
    return build(members, result.errorCode, result.members, ctx.apiVersion);
  },
  errorResponse(request, errorCode, ctx) {
    const members = leavers(request, ctx.apiVersion);
    return build(
      members,
      errorCode,
      members.map(() => errorCode),
      ctx.apiVersion,
    );
  },
});
