/**
 * Connections from this broker to another (the controller's channel, replica fetchers), made with
 * the client's Connection so that version negotiation, framing and timeouts are written once.
 */
import { type Logger as ClientLogger, Connection } from '@samsa/client';
import type { Logger } from '../logger.js';

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
    logger: toClientLogger(options.logger),
  });
}

/** The client logs (msg, fields); pino takes (fields, msg). */
export function toClientLogger(log: Logger): ClientLogger {
  return {
    debug: (msg, fields) => log.debug(fields ?? {}, msg),
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
  };
}
