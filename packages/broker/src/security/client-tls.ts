/**
 * The client side of TLS between brokers: what this broker presents and trusts when it connects to
 * another broker's inter-broker (or control plane) listener. As in Kafka, it is that listener's
 * own ssl.* settings: its key store is our client certificate (needed when the listener requires
 * one) and its trust store decides which brokers we trust.
 */
import type { ClientTlsOptions } from '@samsa/client';
import type { BrokerConfig, SecurityProtocol } from '../config/index.js';
import { cipherList, protocolRange } from './cipher-suites.js';
import { listenerSslReader } from './listener-tls.js';
import { keyStoreOptions, trustStoreCertificates } from './ssl-stores.js';

/** TLS options for connections to `listener`, or undefined when it does not use TLS. */
export function brokerClientTls(
  config: BrokerConfig,
  listener: string,
  protocol: SecurityProtocol,
): ClientTlsOptions | undefined {
  if (protocol !== 'SSL' && protocol !== 'SASL_SSL') return undefined;
  const read = listenerSslReader(config, listener);
  const keyStore = keyStoreOptions(read) ?? {};
  const ca = trustStoreCertificates(read);
  const split = (key: string) => (read(key) ?? '').split(',').filter((s) => s.trim() !== '');
  const verifyHost = (read('ssl.endpoint.identification.algorithm') ?? 'https').toLowerCase() === 'https';
  return {
    ...(keyStore as Pick<ClientTlsOptions, 'cert' | 'key' | 'passphrase' | 'pfx'>),
    ...(ca !== null ? { ca } : {}),
    ...protocolRange(split('ssl.enabled.protocols')),
    ciphers: cipherList(split('ssl.cipher.suites')),
    ...(verifyHost ? {} : { checkServerIdentity: () => undefined }),
  };
}
