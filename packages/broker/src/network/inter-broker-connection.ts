/**
 * Connections from this broker to another (the controller's channel, replica fetchers), made with
 * the client's Connection so that version negotiation, framing, timeouts, TLS and SASL are written once.
 */
import { Connection } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { interBrokerPeerSecurity } from './inter-broker-security.js';

export interface InterBrokerTarget {
  nodeId: number;
  host: string;
  port: number;
}

export function interBrokerConnection(
  target: InterBrokerTarget,
  options: { brokerId: number; requestTimeoutMs: number; logger: Logger; purpose: string },
): Connection {
  return new Connection({
    host: target.host,
    port: target.port,
    nodeId: target.nodeId,
    clientId: `broker-${options.brokerId}-${options.purpose}`,
    requestTimeoutMs: options.requestTimeoutMs,
    connectTimeoutMs: Math.min(options.requestTimeoutMs, 10_000),
    reconnectBackoffMs: 50,
    reconnectBackoffMaxMs: 1000,
    maxInFlight: 1,
    logger: options.logger,
    ...interBrokerPeerSecurity(options.brokerId, options.purpose === 'controller' ? 'controller' : 'inter-broker'),
  });
}
