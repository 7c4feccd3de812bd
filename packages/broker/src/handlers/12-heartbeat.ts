/**
 * Heartbeat (key 12), v0-4.
 * - Keeps the member's session alive. REBALANCE_IN_PROGRESS tells it to rejoin; ILLEGAL_GENERATION,
 *   UNKNOWN_MEMBER_ID and FENCED_INSTANCE_ID (v3+, static members) that it was fenced.
 */
import { defaultHeartbeatResponse, type HeartbeatResponse } from '@samsa/protocol';
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
    const who = { memberId: request.memberId, groupInstanceId: ctx.apiVersion >= 3 ? request.groupInstanceId : null };
    return response(ctx.broker.groups.heartbeat(request.groupId, who, request.generationId));
  },
  errorResponse(_request, errorCode) {
    return response(errorCode);
  },
});
