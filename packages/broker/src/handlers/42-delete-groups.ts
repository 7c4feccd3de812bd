/**
 * DeleteGroups (key 42), v0-2.
 * - Each group alone: GROUP_ID_NOT_FOUND when unknown, NON_EMPTY_GROUP while it has members;
 *   otherwise its offsets and metadata are tombstoned in __consumer_offsets and it is gone.
 * - Needs DELETE on each group (else GROUP_AUTHORIZATION_FAILED for it), as in Kafka.
 */
import {
  defaultDeleteGroupsResponse,
  defaultDeleteGroupsResponseDeletableGroupResult,
  ErrorCode,
} from '@samsa/protocol';
import { AclOperation, authorizedGroup } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function result(groupId: string, errorCode: number) {
  const e = defaultDeleteGroupsResponseDeletableGroupResult();
  e.groupId = groupId;
  e.errorCode = errorCode;
  return e;
}

export default defineHandler({
  apiKey: 42,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, request) {
    const r = defaultDeleteGroupsResponse();
    r.results = request.groupsNames.map((id) =>
      result(
        id,
        authorizedGroup(ctx, AclOperation.DELETE, id)
          ? ctx.broker.groups.deleteGroup(id)
          : ErrorCode.GROUP_AUTHORIZATION_FAILED,
      ),
    );
    return r;
  },
  errorResponse(request, errorCode) {
    const r = defaultDeleteGroupsResponse();
    r.results = request.groupsNames.map((id) => result(id, errorCode));
    return r;
  },
});
