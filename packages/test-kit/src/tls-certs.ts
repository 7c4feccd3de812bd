/**
 * A throw-away certificate authority for TLS tests, made with the openssl command line at run
 * time in a temp dir (no key is ever committed): a CA, a server certificate for localhost and
 * 127.0.0.1, client certificates, and a second, untrusted CA. Everything is PEM; a PKCS12 bundle
 * of any certificate can be asked for.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertFiles {
  /** PEM certificate file. */
  readonly cert: string;
  /** PEM private key file (unencrypted PKCS#8). */
  readonly key: string;
}

export interface TestCa {
  readonly dir: string;
  /** The trusted CA's certificate (PEM file). */
  readonly caCert: string;
  /** The server certificate, for CN=localhost with subjectAltName localhost and 127.0.0.1. */
  readonly server: CertFiles;
  /** A client signed by the CA, e.g. subject "CN=alice,OU=eng,O=samsa". */
  client(name: string, subject?: string): CertFiles;
  /** A client signed by a CA nobody trusts. */
  untrustedClient(name: string): CertFiles;
  /** Another server certificate signed by the same CA (for key store reload tests). */
  serverCert(name: string, subject?: string): CertFiles;
  /** Bundles `files` (and the CA) into a PKCS12 file protected by `password`. */
  pkcs12(files: CertFiles, password: string): string;
  /** A PKCS12 trust store holding the CA only. */
  pkcs12Truststore(password: string): string;
  read(path: string): string;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): { cert: string; key: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    ],
    dir,
  );
  return { cert, key };
}

function signed(
  dir: string,
  ca: { cert: string; key: string },
  name: string,
  subject: string,
  san: string | null,
): CertFiles {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', subject], dir);
  const ext = join(dir, `${name}.ext`);
  const extText = san ? `subjectAltName=${san}\n` : 'basicConstraints=CA:FALSE\n';
  execFileSync('sh', ['-c', `printf '%s' "$1" > "$2"`, 'sh', extText, ext]);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      '2',
      '-extfile',
      ext,
    ],
    dir,
  );
  return { cert, key };
}

/** Creates the CA and server certificate (about a second of openssl work). */
export function createTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-tls-'));
  const ca = makeCa(dir, 'samsa-test-ca');
  const rogue = makeCa(dir, 'rogue-ca');
  const server = signed(dir, ca, 'server', '/CN=localhost/O=samsa', 'DNS:localhost,IP:127.0.0.1');
  let p12 = 0;
  return {
    dir,
    caCert: ca.cert,
    server,
    client: (name, subject) => signed(dir, ca, `client-${name}`, subject ?? `/O=samsa/OU=eng/CN=${name}`, null),
    untrustedClient: (name) => signed(dir, rogue, `rogue-${name}`, `/CN=${name}`, null),
    serverCert: (name, subject) =>
      signed(dir, ca, `server-${name}`, subject ?? `/CN=localhost/O=${name}`, 'DNS:localhost,IP:127.0.0.1'),
    pkcs12(files, password) {
      const out = join(dir, `bundle-${p12++}.p12`);
      openssl(
        [
          'pkcs12',
          '-export',
          '-in',
          files.cert,
          '-inkey',
          files.key,
          '-certfile',
          ca.cert,
          '-out',
          out,
          '-passout',
          `pass:${password}`,
        ],
        dir,
      );
      return out;
    },
    pkcs12Truststore(password) {
      const out = join(dir, `trust-${p12++}.p12`);
      openssl(['pkcs12', '-export', '-nokeys', '-in', ca.cert, '-out', out, '-passout', `pass:${password}`], dir);
      return out;
    },
    read: (path) => readFileSync(path, 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
