/**
 * SCRAM credentials (RFC 5802 §3) and the text Kafka stores them as, per mechanism, in a user's
 * config: `salt=<b64>,stored_key=<b64>,server_key=<b64>,iterations=<n>`. Only these derived keys
 * are ever stored, never the password or the salted password.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type ScramMechanism = (typeof SCRAM_MECHANISMS)[number];

/** Kafka's ScramMechanism: the hash, and the iteration bounds AlterUserScramCredentials enforces. */
export const SCRAM_MIN_ITERATIONS = 4096;
export const SCRAM_MAX_ITERATIONS = 16384;

/** The wire number of each mechanism in Describe/AlterUserScramCredentials (0 is UNKNOWN). */
export const SCRAM_MECHANISM_TYPE: Readonly<Record<ScramMechanism, number>> = {
  'SCRAM-SHA-256': 1,
  'SCRAM-SHA-512': 2,
};

export function scramMechanismOfType(type: number): ScramMechanism | undefined {
  return SCRAM_MECHANISMS.find((m) => SCRAM_MECHANISM_TYPE[m] === type);
}

export function isScramMechanism(s: string): s is ScramMechanism {
  return (SCRAM_MECHANISMS as readonly string[]).includes(s);
}

export function hashOf(mechanism: ScramMechanism): 'sha256' | 'sha512' {
  return mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
}

export interface ScramCredential {
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
  readonly iterations: number;
}

export function hmac(mechanism: ScramMechanism, key: Buffer, data: Buffer | string): Buffer {
  return createHmac(hashOf(mechanism), key).update(data).digest();
}

export function hash(mechanism: ScramMechanism, data: Buffer): Buffer {
  return createHash(hashOf(mechanism)).update(data).digest();
}

/** Hi(password, salt, i) of RFC 5802: PBKDF2 with HMAC of the mechanism's hash. */
export function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  const h = hashOf(mechanism);
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, h === 'sha256' ? 32 : 64, h);
}

export function credentialFromSaltedPassword(
  mechanism: ScramMechanism,
  salted: Buffer,
  salt: Buffer,
  iterations: number,
): ScramCredential {
  const clientKey = hmac(mechanism, salted, 'Client Key');
  return {
    salt,
    storedKey: hash(mechanism, clientKey),
    serverKey: hmac(mechanism, salted, 'Server Key'),
    iterations,
  };
}

export interface NewCredentialOptions {
  readonly mechanism: ScramMechanism;
  readonly password: string;
  readonly iterations: number;
  /** Random when absent (tests pass a fixed one). */
  readonly salt?: Buffer;
}

export function newScramCredential(o: NewCredentialOptions): ScramCredential {
  const salt = o.salt ?? randomBytes(32);
  return credentialFromSaltedPassword(
    o.mechanism,
    saltedPassword(o.mechanism, o.password, salt, o.iterations),
    salt,
    o.iterations,
  );
}

export function formatScramCredential(c: ScramCredential): string {
  return `salt=${c.salt.toString('base64')},stored_key=${c.storedKey.toString('base64')},server_key=${c.serverKey.toString('base64')},iterations=${c.iterations}`;
}

/** Parses Kafka's stored form; undefined when any field is missing or malformed. */
export function parseScramCredential(text: string): ScramCredential | undefined {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const salt = fields.get('salt');
  const storedKey = fields.get('stored_key');
  const serverKey = fields.get('server_key');
  const iterations = Number(fields.get('iterations'));
  if (!salt || !storedKey || !serverKey || !Number.isInteger(iterations) || iterations <= 0) return undefined;
  return {
    salt: Buffer.from(salt, 'base64'),
    storedKey: Buffer.from(storedKey, 'base64'),
    serverKey: Buffer.from(serverKey, 'base64'),
    iterations,
  };
}
