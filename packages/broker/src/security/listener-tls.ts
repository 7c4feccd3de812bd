/**
 * The TLS side of one listener (SSL and SASL_SSL): its node:tls server options built from the
 * listener's ssl.* settings (listener.name.<l>.ssl.* overriding the broker-wide ssl.*), and how a
 * handshaken client becomes a principal.
 *
 * ssl.client.auth: `required` asks for a certificate and refuses the handshake without a trusted
 * one; `requested` asks, accepts a client without one (User:ANONYMOUS) but, as Java's SSLEngine
 * does, refuses one that presents an untrusted certificate; `none` does not ask.
 */
import { X509Certificate } from 'node:crypto';
import { createSecureContext, type TLSSocket, type TlsOptions } from 'node:tls';
import {
  checkTlsOptions,
  cipherList,
  keyStoreOptions,
  protocolRange,
  SslConfigError,
  type SslKeyReader,
  trustStoreCertificates,
} from '@samsa/client';
import { Password } from '@samsa/common';
import type { BrokerConfig } from '../config/index.js';
import { ANONYMOUS, type KafkaPrincipal, USER_TYPE } from './kafka-principal.js';
import {
  type MappingRule,
  mapPrincipalName,
  parsePrincipalMappingRules,
  subjectToDistinguishedName,
} from './ssl-principal-mapper.js';

export type ClientAuth = 'none' | 'requested' | 'required';

/** A client certificate the listener does not accept (Kafka's SslAuthenticationException). */
export class SslAuthenticationError extends Error {
  readonly code = 'SSL_AUTHENTICATION_FAILED' as const;
}

export interface ListenerTls {
  readonly options: TlsOptions;
  /** The subject and subject alternative names of the listener's certificate. */
  readonly identity: string;
  readonly clientAuth: ClientAuth;
  readonly principalRules: readonly MappingRule[];
}

/** Reads `key` for `listener` as text, the listener's override first. */
export function listenerSslReader(config: BrokerConfig, listener: string): SslKeyReader {
  return (key) => {
    const v = config.listenerConfig(listener, key);
    if (v === null) return null;
    if (v instanceof Password) return v.value;
    return Array.isArray(v) ? v.join(',') : String(v);
  };
}

function list(read: SslKeyReader, key: string): string[] {
  return (read(key) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Throws SslConfigError when the listener's stores cannot be loaded or its settings are invalid. */
export function buildListenerTls(config: BrokerConfig, listener: string): ListenerTls {
  const read = listenerSslReader(config, listener);
  const keyStore = keyStoreOptions(read);
  if (!keyStore) {
    throw new SslConfigError(
      `listener.name.${listener.toLowerCase()}.ssl.keystore.location`,
      `listener ${listener} uses TLS but has no key store (set ssl.keystore.location, or ssl.keystore.type=PEM with ssl.keystore.key and ssl.keystore.certificate.chain)`,
    );
  }
  const ca = trustStoreCertificates(read);
  const clientAuth = (read('ssl.client.auth') ?? 'none') as ClientAuth;
  let range: ReturnType<typeof protocolRange>;
  try {
    range = protocolRange(list(read, 'ssl.enabled.protocols'));
  } catch (err) {
    throw new SslConfigError('ssl.enabled.protocols', (err as Error).message);
  }
  let principalRules: MappingRule[];
  try {
    principalRules = parsePrincipalMappingRules(read('ssl.principal.mapping.rules') ?? 'DEFAULT');
  } catch (err) {
    throw new SslConfigError('ssl.principal.mapping.rules', (err as Error).message);
  }
  const options: TlsOptions = {
    ...keyStore,
    ...(ca !== null ? { ca } : {}),
    ...range,
    ciphers: cipherList(list(read, 'ssl.cipher.suites')),
    requestCert: clientAuth !== 'none',
    rejectUnauthorized: clientAuth === 'required',
  };
  checkTlsOptions(options);
  return { options, identity: certificateIdentity(options), clientAuth, principalRules };
}

/**
 * "subject | SANs" of the certificate `options` present, read back from a TLS context (node
 * exposes it only on the context's handle; PEM, inline and PKCS12 stores alike), or '' if node
 * does not offer it.
 */
function certificateIdentity(options: TlsOptions): string {
  let der: Buffer | undefined;
  try {
    const context = createSecureContext(options).context as { getCertificate?: () => Buffer | null };
    der = context.getCertificate?.() ?? undefined;
  } catch {
    der = undefined;
  }
  if (!der) return '';
  const cert = new X509Certificate(der);
  return `${cert.subject} | ${cert.subjectAltName ?? ''}`;
}

/**
 * Kafka's rule for a key store changed at runtime: the new certificate must keep the old one's
 * distinguished name and subject alternative names, so that clients and other brokers that verify
 * this broker's name keep accepting it. Throws SslConfigError naming the listener's key.
 */
export function checkSameIdentity(listener: string, current: ListenerTls, next: ListenerTls): void {
  if (current.identity === next.identity) return;
  throw new SslConfigError(
    `listener.name.${listener.toLowerCase()}.ssl.keystore.location`,
    `Keystore DistinguishedName or SubjectAltNames do not match: existing ${current.identity.replace(/\n/g, ',')}, new ${next.identity.replace(/\n/g, ',')}`,
  );
}

/**
 * Who the client on a finished handshake is: User:<mapped subject> for a trusted certificate,
 * User:ANONYMOUS without one. Throws (the caller closes the connection) for a certificate that
 * is not trusted or that no mapping rule accepts.
 */
export function tlsPrincipal(socket: TLSSocket, tls: ListenerTls): KafkaPrincipal {
  if (tls.clientAuth === 'none') return ANONYMOUS;
  const raw = socket.getPeerCertificate(false)?.raw;
  if (!raw || raw.length === 0) return ANONYMOUS;
  if (!socket.authorized) {
    throw new SslAuthenticationError(`client certificate not trusted: ${String(socket.authorizationError)}`);
  }
  const dn = subjectToDistinguishedName(new X509Certificate(raw).subject);
  return { type: USER_TYPE, name: mapPrincipalName(tls.principalRules, dn) };
}
