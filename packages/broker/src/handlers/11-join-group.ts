/**
 * JoinGroup (key 11), v0-9.
 * - The coordinator may park the request until the rebalance's join phase completes.
 * - v0 has no rebalance timeout: the session timeout serves as both, as in Kafka.
 * - v4+: a join without a member id gets MEMBER_ID_REQUIRED and its id, and must join again with it.
 * - v5+: group.instance.id (static membership). v7+: protocol type in the response.
 * - v9+: skipAssignment for a static leader rejoining a Stable group; the reason is only logged.
 * - Needs READ on the group (else GROUP_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  defaultJoinGroupResponse,
  defaultJoinGroupResponseMember,
  ErrorCode,
  type JoinGroupResponse,
} from '@samsa/protocol';
import type { JoinResult } from '../coordinator/group/results.js';
import { joinError } from '../coordinator/group/results.js';
import { AclOperation, ResourceType, requireAuthorized } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function toResponse(r: JoinResult, version: number): JoinGroupResponse {
  const res = defaultJoinGroupResponse();
  res.errorCode = r.errorCode;
  res.generationId = r.generationId;
  res.protocolType = r.protocolType;
  // Nullable only from v7; before, "no protocol" is the empty string.
  res.protocolName = r.protocolName ?? (version >= 7 ? null : '');
  res.leader = r.leader;
  res.memberId = r.memberId;
  res.skipAssignment = r.skipAssignment;
  res.members = r.members.map((m) => {
    const e = defaultJoinGroupResponseMember();
    e.memberId = m.memberId;
    e.groupInstanceId = m.groupInstanceId;
    e.metadata = m.metadata;
    return e;
  });
  return res;
}

export default defineHandler({
  apiKey: 11,
  minVersion: 0,
  maxVersion: 9,
  async handle(ctx, request) {
    requireAuthorized(
      ctx,
      AclOperation.READ,
      ResourceType.GROUP,
      request.groupId,
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
    );
    const v = ctx.apiVersion;
    const result = await ctx.broker.groups.joinGroup({
      groupId: request.groupId,
      memberId: request.memberId,
      groupInstanceId: v >= 5 ? request.groupInstanceId : null,
      clientId: ctx.header.clientId ?? '',
      clientHost: `/${ctx.connection.remoteAddress}`,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: v >= 1 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
      requireKnownMemberId: v >= 4,
      supportsSkipAssignment: v >= 9,
    });
    return toResponse(result, v);
  },
  errorResponse(request, errorCode, ctx) {
    return toResponse(joinError(errorCode, request.memberId), ctx.apiVersion);
  },
});
