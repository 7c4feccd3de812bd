/**
 * ssl.cipher.suites and ssl.enabled.protocols as node:tls takes them. Kafka users write cipher
 * suites by their IANA (Java) names; OpenSSL, under node, names TLS 1.2 suites differently
 * (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 is ECDHE-RSA-AES256-GCM-SHA384) but TLS 1.3 suites the same
 * way (TLS_AES_128_GCM_SHA256). Pure functions.
 */
import type { SecureVersion } from 'node:tls';

/** One IANA cipher suite name in OpenSSL's spelling; OpenSSL names and TLS 1.3 names pass through. */
export function opensslCipherName(iana: string): string {
  const name = iana.trim();
  const m = /^(?:TLS|SSL)_(.+)_WITH_(.+)$/.exec(name);
  if (!m) return name;
  const kx = (m[1] as string).replace(/_/g, '-');
  const cipher = (m[2] as string)
    .replace(/^AES_(\d+)_/, 'AES$1-')
    .replace(/^CHACHA20_POLY1305_SHA256$/, 'CHACHA20-POLY1305')
    .replace(/_/g, '-');
  // Plain RSA key exchange has no prefix in OpenSSL's names (AES128-GCM-SHA256).
  return kx === 'RSA' ? cipher : `${kx}-${cipher}`;
}

/** node's `ciphers` string (colon-separated) for a list of suites; undefined leaves node's default. */
export function cipherList(suites: readonly string[]): string | undefined {
  const names = suites.map((s) => s.trim()).filter((s) => s !== '');
  return names.length === 0 ? undefined : names.map(opensslCipherName).join(':');
}

const VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * The range node enforces for ssl.enabled.protocols (node takes a minimum and a maximum, not a
 * set; a gap such as "TLSv1,TLSv1.3" widens to the whole range). Throws on an unknown name.
 */
export function protocolRange(enabled: readonly string[]): { minVersion?: SecureVersion; maxVersion?: SecureVersion } {
  const known = enabled.map((p) => p.trim()).filter((p) => p !== '');
  if (known.length === 0) return {};
  const indexes = known.map((p) => {
    const i = VERSIONS.indexOf(p as SecureVersion);
    if (i < 0) throw new Error(`unknown TLS protocol ${p} (expected ${VERSIONS.join(', ')})`);
    return i;
  });
  return { minVersion: VERSIONS[Math.min(...indexes)], maxVersion: VERSIONS[Math.max(...indexes)] };
}
