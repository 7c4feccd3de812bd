/**
 * The broker's TLS settings derived from its configuration: each TLS listener's server side, the
 * client side of its inter-broker connections (with their SASL authenticator), and whether a dynamic change touched a listener's
 * TLS settings (so that only that listener reloads).
 */
import type { BrokerConfig, SecurityProtocol } from '../config/index.js';
import type { InterBrokerSecurity } from '../network/inter-broker-security.js';
import { brokerClientTls } from './client-tls.js';
import { buildListenerTls, type ListenerTls, listenerSslReader } from './listener-tls.js';
import { brokerClientSasl } from './sasl/inter-broker-sasl.js';

const usesTls = (p: SecurityProtocol) => p === 'SSL' || p === 'SASL_SSL';

/** The listener's TLS server settings, or undefined for a listener without TLS. Throws SslConfigError. */
export function listenerTlsOf(
  config: BrokerConfig,
  listener: string,
  protocol: SecurityProtocol,
): ListenerTls | undefined {
  return usesTls(protocol) ? buildListenerTls(config, listener) : undefined;
}

export function interBrokerSecurityOf(config: BrokerConfig): InterBrokerSecurity {
  const protocolOf = (name: string) => config.listenerSecurityProtocolMap.get(name) ?? 'PLAINTEXT';
  const peer = (listener: string, protocol: SecurityProtocol) => ({
    tls: brokerClientTls(config, listener, protocol),
    authenticate: brokerClientSasl(config, listener, protocol),
  });
  const interBroker = peer(config.interBrokerListenerName, config.interBrokerSecurityProtocol);
  const plane = config.controlPlaneListenerName;
  return { interBroker, controlPlane: plane === null ? interBroker : peer(plane, protocolOf(plane)) };
}

const TLS_KEYS = [
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.password',
  'ssl.key.password',
  'ssl.keystore.certificate.chain',
  'ssl.keystore.key',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.password',
  'ssl.truststore.certificates',
  // Also per-broker dynamic in Kafka, and part of the listener's TLS settings.
  'ssl.client.auth',
  'ssl.enabled.protocols',
  'ssl.cipher.suites',
];

/** Whether `listener`'s TLS settings (stores, client authentication, protocols, ciphers) differ. */
export function tlsSettingsChanged(before: BrokerConfig, after: BrokerConfig, listener: string): boolean {
  const a = listenerSslReader(before, listener);
  const b = listenerSslReader(after, listener);
  return TLS_KEYS.some((k) => a(k) !== b(k));
}
