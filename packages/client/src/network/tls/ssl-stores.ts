/**
 * Key stores and trust stores as Kafka names them (ssl.keystore.* / ssl.truststore.*), loaded into
 * node:tls options. Formats:
 * - PEM: a file at ssl.keystore.location holding the private key and the certificate chain, or
 *   inline ssl.keystore.key + ssl.keystore.certificate.chain; the key may be encrypted with
 *   ssl.key.password. Trust stores: a file of certificates, or inline ssl.truststore.certificates.
 * - PKCS12: node's `pfx` with ssl.keystore.password. A PKCS12 trust store holds certificates only,
 *   which node cannot load as `pfx`, so its certificates are extracted with the openssl command
 *   line (once, when the listener's TLS context is built).
 * - JKS (Kafka's default type): Java has written key stores as PKCS12 since JDK 9 and reads either
 *   format under the name JKS; a DER file is read as PKCS12, a real JKS file is refused with a
 *   message saying to convert it.
 * Errors are SslConfigErrors naming the key at fault; they never carry a password.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { ClientTlsOptions } from '../connection.js';

export class SslConfigError extends Error {
  readonly code = 'INVALID_SSL_CONFIG' as const;
  constructor(
    readonly key: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`Invalid ${key}: ${message}`, options);
  }
}

/** Reads one ssl.* key as text (passwords revealed); null when unset. */
export type SslKeyReader = (key: string) => string | null;

function readStore(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new SslConfigError(key, `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** PKCS12 if the type says so, or a JKS-typed file that is really DER (PKCS12), as Java reads it. */
function storeFormat(typeKey: string, type: string, bytes: Buffer | null): 'PEM' | 'PKCS12' {
  const t = type.toUpperCase();
  if (t === 'PEM') return 'PEM';
  if (t === 'PKCS12') return 'PKCS12';
  if (t === 'JKS' && bytes && bytes[0] === 0x30) return 'PKCS12';
  if (t === 'JKS' && bytes?.subarray(0, 64).toString('latin1').includes('-----BEGIN')) {
    throw new SslConfigError(typeKey, `the file is PEM but the type is ${type}; set ${typeKey}=PEM`);
  }
  if (t === 'JKS') {
    throw new SslConfigError(
      typeKey,
      'JKS key stores cannot be read; convert with `keytool -importkeystore -deststoretype pkcs12` and set the type to PKCS12, or use PEM',
    );
  }
  throw new SslConfigError(typeKey, `unsupported store type ${type} (expected PEM, PKCS12 or JKS)`);
}

/** The certificate and key options for `tls.createSecureContext`, or null when no key store is configured. */
export function keyStoreOptions(
  read: SslKeyReader,
): Pick<ClientTlsOptions, 'cert' | 'key' | 'passphrase' | 'pfx'> | null {
  const type = read('ssl.keystore.type') ?? 'JKS';
  const location = read('ssl.keystore.location');
  const inlineChain = read('ssl.keystore.certificate.chain');
  const inlineKey = read('ssl.keystore.key');
  const keyPassword = read('ssl.key.password') ?? undefined;
  if (inlineChain !== null || inlineKey !== null) {
    if (type.toUpperCase() !== 'PEM') {
      throw new SslConfigError(
        'ssl.keystore.type',
        'inline key stores (ssl.keystore.key) require ssl.keystore.type=PEM',
      );
    }
    if (inlineChain === null || inlineKey === null) {
      throw new SslConfigError('ssl.keystore.key', 'ssl.keystore.key and ssl.keystore.certificate.chain go together');
    }
    if (location !== null) {
      throw new SslConfigError(
        'ssl.keystore.location',
        'set either ssl.keystore.location or the inline PEM key store, not both',
      );
    }
    return { cert: inlineChain, key: inlineKey, passphrase: keyPassword };
  }
  if (location === null) return null;
  const bytes = readStore('ssl.keystore.location', location);
  if (storeFormat('ssl.keystore.type', type, bytes) === 'PEM') {
    // One file holds both: node picks the key block for `key` and the certificates for `cert`.
    return { cert: bytes, key: bytes, passphrase: keyPassword };
  }
  return { pfx: bytes, passphrase: read('ssl.keystore.password') ?? '' };
}

/** The trusted CAs (`ca`), or null when no trust store is configured (node's default roots apply). */
export function trustStoreCertificates(read: SslKeyReader): string | Buffer | null {
  const type = read('ssl.truststore.type') ?? 'JKS';
  const inline = read('ssl.truststore.certificates');
  const location = read('ssl.truststore.location');
  if (inline !== null) {
    if (type.toUpperCase() !== 'PEM') {
      throw new SslConfigError('ssl.truststore.type', 'ssl.truststore.certificates requires ssl.truststore.type=PEM');
    }
    return inline;
  }
  if (location === null) return null;
  const bytes = readStore('ssl.truststore.location', location);
  if (storeFormat('ssl.truststore.type', type, bytes) === 'PEM') return bytes;
  return pkcs12Certificates(location, read('ssl.truststore.password') ?? '');
}

function pkcs12Certificates(location: string, password: string): string {
  try {
    // The password goes through the environment, never the command line (visible in ps).
    return execFileSync('openssl', ['pkcs12', '-in', location, '-nokeys', '-passin', 'env:SAMSA_TRUSTSTORE_PASSWORD'], {
      env: { ...process.env, SAMSA_TRUSTSTORE_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 10_000,
    });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').split('\n')[0];
    throw new SslConfigError(
      'ssl.truststore.location',
      `cannot read PKCS12 trust store ${location}: ${stderr || (err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * Loads `options` into a TLS context once, so that a wrong ssl.key.password, a key that does not
 * match its certificate or an unknown cipher suite is a clear SslConfigError now rather than a
 * failure on the first connection.
 */
export function checkTlsOptions(options: SecureContextOptions): void {
  try {
    createSecureContext(options);
  } catch (err) {
    const message = (err as Error).message;
    const key = /cipher/i.test(message)
      ? 'ssl.cipher.suites'
      : /decrypt|password|passphrase/i.test(message)
        ? 'ssl.key.password'
        : 'ssl.keystore.location';
    throw new SslConfigError(key, `the TLS settings cannot be loaded: ${message}`, { cause: err });
  }
}
