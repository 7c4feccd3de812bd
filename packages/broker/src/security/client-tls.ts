/**
 * The client side of TLS between brokers: what this broker presents and trusts when it connects to
 * another broker's inter-broker (or control plane) listener. As in Kafka, it is that listener's
 * own ssl.* settings: its key store is our client certificate (needed when the listener requires
 * one) and its trust store decides which brokers we trust.
 */
import { type ClientTlsOptions, clientTlsFromSslConfig, usesTls } from '@samsa/client';
import type { BrokerConfig, SecurityProtocol } from '../config/index.js';
import { listenerSslReader } from './listener-tls.js';

/** TLS options for connections to `listener`, or undefined when it does not use TLS. */
export function brokerClientTls(
  config: BrokerConfig,
  listener: string,
  protocol: SecurityProtocol,
): ClientTlsOptions | undefined {
  return usesTls(protocol) ? clientTlsFromSslConfig(listenerSslReader(config, listener)) : undefined;
}
