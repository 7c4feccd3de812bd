/**
 * `samsa.scram.bootstrap.credentials`: SCRAM credentials to create when the broker starts, so the
 * first admin can authenticate before anyone could call AlterUserScramCredentials. The syntax is
 * that of Kafka's `kafka-storage format --add-scram`, entries separated by ';':
 *   SCRAM-SHA-256=[name=admin,password=admin-secret];SCRAM-SHA-512=[name=admin,iterations=8192,password=admin-secret]
 * An entry only fills a gap: a user who already has a credential for that mechanism keeps it, so a
 * password changed since the first start is not reset by a restart.
 */
import { ConfigError } from '@samsa/common';
import {
  isScramMechanism,
  newScramCredential,
  SCRAM_MAX_ITERATIONS,
  SCRAM_MIN_ITERATIONS,
  type ScramMechanism,
} from './scram-credential.js';
import type { ScramCredentialStore } from './scram-credential-store.js';

const KEY = 'samsa.scram.bootstrap.credentials';

export interface BootstrapCredential {
  readonly mechanism: ScramMechanism;
  readonly name: string;
  readonly password: string;
  readonly iterations: number;
}

/** Parses the config value; a ConfigError (value hidden) says which entry is wrong and why. */
export function parseBootstrapCredentials(text: string): BootstrapCredential[] {
  const out: BootstrapCredential[] = [];
  for (const raw of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Z0-9-]+)=\[(.*)\]$/s.exec(raw);
    const fail = (why: string) => ConfigError.invalidValue(KEY, '[hidden]', `${why} (entry ${m?.[1] ?? '?'})`);
    if (!m) throw fail('each entry must read MECHANISM=[name=...,password=...]');
    const mechanism = m[1] as string;
    if (!isScramMechanism(mechanism)) throw fail(`unknown SCRAM mechanism ${mechanism}`);
    const fields = new Map<string, string>();
    for (const part of (m[2] as string).split(',')) {
      const at = part.indexOf('=');
      if (at <= 0) throw fail(`expected key=value, got '${part.split('=')[0]}'`);
      fields.set(part.slice(0, at).trim(), part.slice(at + 1));
    }
    const name = fields.get('name');
    const password = fields.get('password');
    const iterations = fields.has('iterations') ? Number(fields.get('iterations')) : SCRAM_MIN_ITERATIONS;
    if (!name) throw fail('name is required');
    if (!password) throw fail('password is required');
    if (!Number.isInteger(iterations) || iterations < SCRAM_MIN_ITERATIONS || iterations > SCRAM_MAX_ITERATIONS)
      throw fail(`iterations must be between ${SCRAM_MIN_ITERATIONS} and ${SCRAM_MAX_ITERATIONS}`);
    out.push({ mechanism, name, password, iterations });
  }
  return out;
}

/** Creates the missing credentials; returns the users created, for the log. */
export async function bootstrapScramCredentials(
  store: ScramCredentialStore,
  credentials: readonly BootstrapCredential[],
): Promise<string[]> {
  const created: string[] = [];
  for (const c of credentials) {
    if (store.get(c.name, c.mechanism) || !store.writable) continue;
    await store.set(c.name, c.mechanism, newScramCredential(c));
    created.push(`${c.mechanism}:${c.name}`);
  }
  return created;
}
