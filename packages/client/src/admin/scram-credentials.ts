/**
 * DescribeUserScramCredentials and AlterUserScramCredentials (KIP-554), in the shapes of Java's
 * Admin: descriptions list each user's mechanisms and iteration counts (never key material); an
 * upsertion salts and hashes the password here, so only the salted password crosses the wire.
 * Any broker answers: credentials are cluster metadata.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { ApiKey, KafkaError } from '@samsa/protocol';
import { ClientError } from '../errors.js';
import type { Cluster } from '../metadata/cluster.js';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

const TYPE: Record<ScramMechanism, number> = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 };
const NAME: Record<number, ScramMechanism | 'UNKNOWN'> = { 1: 'SCRAM-SHA-256', 2: 'SCRAM-SHA-512' };

export interface ScramCredentialInfo {
  mechanism: ScramMechanism;
  iterations: number;
}

export interface UserScramCredentialsDescription {
  name: string;
  credentialInfos: ScramCredentialInfo[];
}

export type UserScramCredentialAlteration =
  | { type: 'upsertion'; user: string; info: ScramCredentialInfo; password: string; salt?: Buffer }
  | { type: 'deletion'; user: string; mechanism: ScramMechanism };

function mechanismType(m: string): number {
  const t = TYPE[m as ScramMechanism];
  if (t === undefined) throw new ClientError('INVALID_CONFIG', `unknown SCRAM mechanism ${m}`);
  return t;
}

/** All users with credentials when `users` is omitted or empty; throws the first user's error. */
export async function describeUserScramCredentials(
  cluster: Cluster,
  users: string[] | undefined,
  signal?: AbortSignal,
): Promise<UserScramCredentialsDescription[]> {
  const res = await cluster.any(
    ApiKey.DescribeUserScramCredentials,
    { users: users && users.length > 0 ? users.map((name) => ({ name })) : null },
    { signal },
  );
  if (res.errorCode !== 0) throw new KafkaError(res.errorCode, res.errorMessage);
  const failed = res.results.find((r) => r.errorCode !== 0);
  if (failed) throw new KafkaError(failed.errorCode, failed.errorMessage ?? `user ${failed.user}`);
  return res.results.map((r) => ({
    name: r.user,
    credentialInfos: r.credentialInfos.map((c) => ({
      mechanism: NAME[c.mechanism] as ScramMechanism,
      iterations: c.iterations,
    })),
  }));
}

/** Applies the alterations; throws the first user's error (as Java's `all().get()`). */
export async function alterUserScramCredentials(
  cluster: Cluster,
  alterations: UserScramCredentialAlteration[],
  signal?: AbortSignal,
): Promise<void> {
  const upsertions = alterations.flatMap((a) => {
    if (a.type !== 'upsertion') return [];
    const type = mechanismType(a.info.mechanism);
    const salt = a.salt ?? randomBytes(32);
    const hash = type === 1 ? 'sha256' : 'sha512';
    const saltedPassword = pbkdf2Sync(
      Buffer.from(a.password, 'utf8'),
      salt,
      a.info.iterations,
      type === 1 ? 32 : 64,
      hash,
    );
    return [{ name: a.user, mechanism: type, iterations: a.info.iterations, salt, saltedPassword }];
  });
  const deletions = alterations.flatMap((a) =>
    a.type === 'deletion' ? [{ name: a.user, mechanism: mechanismType(a.mechanism) }] : [],
  );
  const res = await cluster.any(ApiKey.AlterUserScramCredentials, { deletions, upsertions }, { signal });
  const failed = res.results.find((r) => r.errorCode !== 0);
  if (failed) throw new KafkaError(failed.errorCode, `${failed.user}: ${failed.errorMessage ?? 'failed'}`);
}
