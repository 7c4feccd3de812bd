/**
 * DescribeUserScramCredentials (key 50), v0.
 * - users null or empty: every user with a credential; otherwise the named ones.
 * - Needs DESCRIBE on the cluster (CLUSTER_AUTHORIZATION_FAILED otherwise), as Kafka.
 * - A user named twice: DUPLICATE_RESOURCE; a user without credentials: RESOURCE_NOT_FOUND
 *   (Kafka's messages). Only the mechanism and iteration count are revealed, never key material.
 */
import { defaultDescribeUserScramCredentialsResponse, ErrorCode } from '@samsa/protocol';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { SCRAM_MECHANISM_TYPE } from '../security/sasl/scram-credential.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 50,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, request) {
    requireCluster(ctx, AclOperation.DESCRIBE);
    const r = defaultDescribeUserScramCredentialsResponse();
    r.errorMessage = null;
    const all = ctx.broker.scram.users();
    const asked =
      request.users === null || request.users.length === 0 ? [...all.keys()] : request.users.map((u) => u.name);
    const counts = new Map<string, number>();
    for (const u of asked) counts.set(u, (counts.get(u) ?? 0) + 1);
    r.results = [...counts.keys()].sort().map((user) => {
      const found = all.get(user);
      if ((counts.get(user) ?? 0) > 1) {
        return {
          user,
          errorCode: ErrorCode.DUPLICATE_RESOURCE,
          errorMessage: `Cannot describe SCRAM credentials for the same user twice in a single request: ${user}`,
          credentialInfos: [],
        };
      }
      if (!found) {
        return {
          user,
          errorCode: ErrorCode.RESOURCE_NOT_FOUND,
          errorMessage: `Attempt to describe a user credential that does not exist: ${user}`,
          credentialInfos: [],
        };
      }
      return {
        user,
        errorCode: 0,
        errorMessage: null,
        credentialInfos: [...found].map(([m, iterations]) => ({ mechanism: SCRAM_MECHANISM_TYPE[m], iterations })),
      };
    });
    return r;
  },
  errorResponse(request, errorCode) {
    const r = defaultDescribeUserScramCredentialsResponse();
    r.errorCode = errorCode;
    r.errorMessage = null;
    r.results = (request.users ?? []).map((u) => ({
      user: u.name,
      errorCode,
      errorMessage: null,
      credentialInfos: [],
    }));
    return r;
  },
});
