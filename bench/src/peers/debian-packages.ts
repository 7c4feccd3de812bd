/**
 * The peers come from Debian's packages, installed by the benchmark itself when missing (as .ci/run
 * installs librdkafka-dev). A peer that cannot be installed (no root, no network, no package) is
 * skipped with the reason in the report; it never stops the Samsa runs.
 */
import { existsSync } from 'node:fs';
import { runChild } from '../child.js';

export interface PackageNeed {
  /** Debian package name. */
  pkg: string;
  /** A file the package installs: present means installed. */
  file: string;
}

/** Installs what is missing; resolves to null when all is there, else why not. */
export async function ensureDebianPackages(needs: readonly PackageNeed[]): Promise<string | null> {
  const missing = needs.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
  if (missing.length === 0) return null;
  if (process.getuid?.() !== 0) return `${missing.join(', ')} not installed, and installing needs root`;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Debian's packages start their service on install unless policy-rc.d says no; the bench starts
  // its own server on a free port, so the system one would only take memory and CPU.
  const install = await runChild(
    'sh',
    [
      '-c',
      `apt-get install -y -qq ${missing.join(' ')} || (apt-get update -qq && apt-get install -y -qq ${missing.join(' ')})`,
    ],
    600_000,
    env,
  ).catch((err: Error) => ({ code: -1, stderr: err.message, stdout: '' }));
  if (install.code !== 0) return `apt-get install ${missing.join(' ')} failed: ${install.stderr.trim().slice(-300)}`;
  const still = needs.filter((n) => !existsSync(n.file)).map((n) => n.file);
  return still.length === 0 ? null : `installed, but ${still.join(', ')} missing`;
}
