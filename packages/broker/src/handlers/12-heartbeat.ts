/**
 * Heartbeat (key 12), v0-4.
 * - Keeps the member's session alive. REBALANCE_IN_PROGRESS tells it to rejoin; ILLEGAL_GENERATION,
 *   UNKNOWN_MEMBER_ID and FENCED_INSTANCE_ID (v3+, static members) that it was fenced.
 * - Needs READ on the group (else GROUP_AUTHORIZATION_FAILED), as in Kafka.
 */
import { defaultHeartbeatResponse, ErrorCode, type HeartbeatResponse } from '@samsa/protocol';
import { AclOperation, ResourceType, requireAuthorized } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function response(errorCode: number): HeartbeatResponse {
  const r = defaultHeartbeatResponse();
  r.errorCode = errorCode;
  return r;
}

export default defineHandler({
  apiKey: 12,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, request) {
    requireAuthorized(
      ctx,
      AclOperation.READ,
      ResourceType.GROUP,
      request.groupId,
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
    );
    const who = { memberId: request.memberId, groupInstanceId: ctx.apiVersion >= 3 ? request.groupInstanceId : null };
    return response(ctx.broker.groups.heartbeat(request.groupId, who, request.generationId));
  },
  errorResponse(_request, errorCode) {
    return response(errorCode);
  },
});
