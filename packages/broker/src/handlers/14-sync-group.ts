/**
 * SyncGroup (key 14), v0-5.
 * - The leader sends every member's assignment; the coordinator persists them with the group, then
 *   answers every waiting member with its own. Followers' requests wait for that.
 * - v3+: group.instance.id; v5+: protocol type and name, checked against the group's
 *   (INCONSISTENT_GROUP_PROTOCOL) and echoed in the response.
 * - Needs READ on the group (else GROUP_AUTHORIZATION_FAILED), as in Kafka.
 */
import { defaultSyncGroupResponse, ErrorCode, type SyncGroupResponse } from '@samsa/protocol';
import { type SyncResult, syncError } from '../coordinator/group/results.js';
import { AclOperation, ResourceType, requireAuthorized } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function toResponse(r: SyncResult): SyncGroupResponse {
  const res = defaultSyncGroupResponse();
  res.errorCode = r.errorCode;
  res.protocolType = r.protocolType;
  res.protocolName = r.protocolName;
  res.assignment = r.assignment;
  return res;
}

export default defineHandler({
  apiKey: 14,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx, request) {
    const v = ctx.apiVersion;
    requireAuthorized(
      ctx,
      AclOperation.READ,
      ResourceType.GROUP,
      request.groupId,
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
    );
    const result = await ctx.broker.groups.syncGroup({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: v >= 3 ? request.groupInstanceId : null,
      protocolType: v >= 5 ? request.protocolType : null,
      protocolName: v >= 5 ? request.protocolName : null,
      assignments: request.assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
    });
    return toResponse(result);
  },
  errorResponse(_request, errorCode) {
    return toResponse(syncError(errorCode));
  },
});
