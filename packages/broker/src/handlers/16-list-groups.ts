/**
 * ListGroups (key 16), v0-5.
 * - Every group this broker coordinates; COORDINATOR_LOAD_IN_PROGRESS (with what is loaded so far)
 *   while a partition of __consumer_offsets is still loading.
 * - v4+: statesFilter, case-insensitive; v5+: typesFilter ("classic", "consumer" for KIP-848
 *   groups), case-insensitive, and each group's type.
 * - Authorization (Kafka's): every group with DESCRIBE on the cluster, else only the groups the
 *   principal may DESCRIBE.
 */
import { defaultListGroupsResponse, defaultListGroupsResponseListedGroup } from '@samsa/protocol';
import { AclOperation, authorizedCluster, authorizedGroup } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 16,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const v = ctx.apiVersion;
    const r = defaultListGroupsResponse();
    const types = v >= 5 ? request.typesFilter.map((t) => t.toLowerCase()) : [];
    const listed = ctx.broker.groups.listGroups(v >= 4 ? request.statesFilter : []);
    const everyGroup = !ctx.broker.authorizer || authorizedCluster(ctx, AclOperation.DESCRIBE, false);
    r.errorCode = listed.errorCode;
    r.groups = listed.groups
      .filter((g) => types.length === 0 || types.includes(g.type))
      .filter((g) => everyGroup || authorizedGroup(ctx, AclOperation.DESCRIBE, g.groupId, false))
      .map((g) => {
        const e = defaultListGroupsResponseListedGroup();
        e.groupId = g.groupId;
        e.protocolType = g.protocolType;
        e.groupState = g.state;
        e.groupType = g.type;
        return e;
      });
    return r;
  },
  errorResponse(_request, errorCode) {
    const r = defaultListGroupsResponse();
    r.errorCode = errorCode;
    return r;
  },
});
