/**
 * Kafka's client TLS settings by their property names (security.protocol, ssl.truststore.*,
 * ssl.keystore.*, ssl.key.password, ssl.endpoint.identification.algorithm, ssl.enabled.protocols,
 * ssl.cipher.suites) turned into ClientTlsOptions: what the CLI's --command-config files and the
 * broker's inter-broker connections are configured with.
 */
import type { ClientTlsOptions } from '../connection.js';
import { cipherList, protocolRange } from './cipher-suites.js';
import {
  checkTlsOptions,
  keyStoreOptions,
  SslConfigError,
  type SslKeyReader,
  trustStoreCertificates,
} from './ssl-stores.js';

/** TLS options for the ssl.* settings `read` gives. Throws SslConfigError naming the key at fault. */
export function clientTlsFromSslConfig(read: SslKeyReader): ClientTlsOptions {
  const keyStore = keyStoreOptions(read) ?? {};
  const ca = trustStoreCertificates(read);
  const split = (key: string) =>
    (read(key) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  let range: ReturnType<typeof protocolRange>;
  try {
    range = protocolRange(split('ssl.enabled.protocols'));
  } catch (err) {
    throw new SslConfigError('ssl.enabled.protocols', (err as Error).message);
  }
  // Kafka's default "https" checks the broker's host name against its certificate; "" turns it off.
  const verifyHost = (read('ssl.endpoint.identification.algorithm') ?? 'https').toLowerCase() === 'https';
  const ciphers = cipherList(split('ssl.cipher.suites'));
  const options: ClientTlsOptions = {
    ...keyStore,
    ...(ca !== null ? { ca } : {}),
    ...range,
    ...(ciphers ? { ciphers } : {}),
    ...(verifyHost ? {} : { checkServerIdentity: () => undefined }),
  };
  checkTlsOptions(options);
  return options;
}

/** Whether a security.protocol value means TLS (SSL, SASL_SSL). */
export function usesTls(securityProtocol: string): boolean {
  const p = securityProtocol.toUpperCase();
  return p === 'SSL' || p === 'SASL_SSL';
}
