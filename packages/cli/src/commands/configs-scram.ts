/**
 * `samsa configs --entity-type users` with SCRAM keys, as kafka-configs.sh: `--add-config
 * 'SCRAM-SHA-256=[iterations=8192,password=alice-secret]'` creates or replaces a credential
 * (iterations default 4096, as Kafka's), `--delete-config SCRAM-SHA-256` removes it, and
 * `--describe` prints "SCRAM credential configs for user-principal 'alice' are
 * SCRAM-SHA-256=iterations=8192". Through Admin.alterUserScramCredentials /
 * describeUserScramCredentials; the password is salted and hashed client-side.
 */
import type { Admin, ScramMechanism, UserScramCredentialAlteration } from '@samsa/client';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { UsageError } from '../cli/errors.js';
import type { Output } from '../cli/output.js';

const MECHANISMS: readonly string[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
const DEFAULT_ITERATIONS = 4096;

export function isScramKey(key: string): boolean {
  return MECHANISMS.includes(key);
}

/** `iterations=8192,password=secret` (brackets already removed) → the upsertion's parts. */
export function parseScramValue(key: string, value: string): { iterations: number; password: string } {
  let iterations = DEFAULT_ITERATIONS;
  let password: string | undefined;
  for (const part of value.split(',')) {
    const at = part.indexOf('=');
    const k = part.slice(0, at).trim();
    const v = part.slice(at + 1);
    if (at <= 0) throw new UsageError(`${key} expects [iterations=<n>,password=<password>], got '${value}'`);
    if (k === 'password') password = v;
    else if (k === 'iterations') {
      iterations = Number(v);
      if (!Number.isInteger(iterations)) throw new UsageError(`${key}: iterations must be an integer, got '${v}'`);
    } else throw new UsageError(`${key}: unknown SCRAM option '${k}' (iterations, password)`);
  }
  if (!password) throw new UsageError(`${key} needs password=<password>`);
  return { iterations, password };
}

export async function alterScram(
  admin: Admin,
  user: string,
  set: Record<string, string>,
  remove: string[],
): Promise<void> {
  const alterations: UserScramCredentialAlteration[] = [
    ...Object.entries(set).map(([k, v]) => {
      const { iterations, password } = parseScramValue(k, v);
      return { type: 'upsertion' as const, user, info: { mechanism: k as ScramMechanism, iterations }, password };
    }),
    ...remove.map((k) => ({ type: 'deletion' as const, user, mechanism: k as ScramMechanism })),
  ];
  if (alterations.length > 0) await admin.alterUserScramCredentials(alterations);
}

/** Prints the users' SCRAM credentials (all users with one when `user` is null); silent when none. */
export async function describeScram(admin: Admin, out: Output, user: string | null): Promise<void> {
  let described: Awaited<ReturnType<Admin['describeUserScramCredentials']>>;
  try {
    described = await admin.describeUserScramCredentials(user === null ? undefined : [user]);
  } catch (err) {
    if (err instanceof KafkaError && err.code === ErrorCode.RESOURCE_NOT_FOUND) return;
    throw err;
  }
  if (out.json) return out.printJson(described);
  for (const d of described) {
    const infos = d.credentialInfos.map((c) => `${c.mechanism}=iterations=${c.iterations}`).join(', ');
    out.line(`SCRAM credential configs for user-principal '${d.name}' are ${infos}`);
  }
}
