/**
 * AlterUserScramCredentials (key 51), v0.
 * - Upsertions carry the client's salt and salted password (never the password); the broker
 *   derives StoredKey and ServerKey from them and stores Kafka's credential text.
 * - Needs ALTER on the cluster (CLUSTER_AUTHORIZATION_FAILED for every user otherwise), as Kafka.
 * - Checked per user, Kafka's errors and messages: UNSUPPORTED_SASL_MECHANISM for an unknown
 *   mechanism, UNACCEPTABLE_CREDENTIAL for an empty name or iterations outside 4096-16384,
 *   DUPLICATE_RESOURCE for a (user, mechanism) altered twice, RESOURCE_NOT_FOUND for deleting a
 *   credential that does not exist. A user with any failing alteration has none applied.
 */
import {
  type AlterUserScramCredentialsResponseAlterUserScramCredentialsResult,
  defaultAlterUserScramCredentialsResponse,
  ErrorCode,
} from '@samsa/protocol';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import {
  credentialFromSaltedPassword,
  SCRAM_MAX_ITERATIONS,
  SCRAM_MIN_ITERATIONS,
  type ScramCredential,
  type ScramMechanism,
  scramMechanismOfType,
} from '../security/sasl/scram-credential.js';
import { defineHandler } from './handler.js';

interface Change {
  readonly user: string;
  readonly mechanismType: number;
  /** null for a deletion. */
  readonly upsert: { iterations: number; salt: Buffer; saltedPassword: Buffer } | null;
}

type Failure = { code: number; message: string };

function check(change: Change, exists: boolean): Failure | ScramMechanism {
  const mechanism = scramMechanismOfType(change.mechanismType);
  if (change.user === '') return { code: ErrorCode.UNACCEPTABLE_CREDENTIAL, message: 'Username must not be empty' };
  if (!mechanism) return { code: ErrorCode.UNSUPPORTED_SASL_MECHANISM, message: 'Unknown SCRAM mechanism' };
  if (change.upsert) {
    if (change.upsert.iterations < SCRAM_MIN_ITERATIONS)
      return { code: ErrorCode.UNACCEPTABLE_CREDENTIAL, message: 'Too few iterations' };
    if (change.upsert.iterations > SCRAM_MAX_ITERATIONS)
      return { code: ErrorCode.UNACCEPTABLE_CREDENTIAL, message: 'Too many iterations' };
  } else if (!exists) {
    return { code: ErrorCode.RESOURCE_NOT_FOUND, message: 'Attempt to delete a user credential that does not exist' };
  }
  return mechanism;
}

export default defineHandler({
  apiKey: 51,
  minVersion: 0,
  maxVersion: 0,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.ALTER);
    const scram = ctx.broker.scram;
    const changes: Change[] = [
      ...request.deletions.map((d) => ({ user: d.name, mechanismType: d.mechanism, upsert: null })),
      ...request.upsertions.map((u) => ({ user: u.name, mechanismType: u.mechanism, upsert: u })),
    ];
    const byUser = new Map<string, Change[]>();
    for (const c of changes) byUser.set(c.user, [...(byUser.get(c.user) ?? []), c]);
    const results: AlterUserScramCredentialsResponseAlterUserScramCredentialsResult[] = [];
    for (const [user, mine] of byUser) {
      const failure = (f: Failure) => results.push({ user, errorCode: f.code, errorMessage: f.message });
      const types = mine.map((c) => c.mechanismType);
      if (new Set(types).size !== types.length) {
        failure({
          code: ErrorCode.DUPLICATE_RESOURCE,
          message: 'A user credential cannot be altered twice in the same request',
        });
        continue;
      }
      const planned: Array<[ScramMechanism, ScramCredential | null]> = [];
      let failed: Failure | undefined;
      for (const c of mine) {
        const m = scramMechanismOfType(c.mechanismType);
        const outcome = check(c, m !== undefined && scram.get(user, m) !== undefined);
        if (typeof outcome !== 'string') {
          failed = outcome;
          break;
        }
        const u = c.upsert;
        planned.push([
          outcome,
          u ? credentialFromSaltedPassword(outcome, u.saltedPassword, u.salt, u.iterations) : null,
        ]);
      }
      if (failed) {
        failure(failed);
        continue;
      }
      if (!scram.writable) {
        failure({ code: ErrorCode.UNSUPPORTED_VERSION, message: 'SCRAM credentials are not stored in this mode yet' });
        continue;
      }
      for (const [mechanism, credential] of planned) await scram.set(user, mechanism, credential);
      results.push({ user, errorCode: 0, errorMessage: null });
    }
    const r = defaultAlterUserScramCredentialsResponse();
    r.results = results;
    return r;
  },
  errorResponse(request, errorCode) {
    const r = defaultAlterUserScramCredentialsResponse();
    const users = new Set([...request.deletions, ...request.upsertions].map((c) => c.name));
    r.results = [...users].map((user) => ({ user, errorCode, errorMessage: null }));
    return r;
  },
});
