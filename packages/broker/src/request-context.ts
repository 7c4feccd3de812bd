/**
 * Everything a handler may know about the request it is serving: who sent it, on which connection
 * and listener, with which header, and the broker's services to delegate to.
 */
import type { Logger } from '@samsa/common';
import type { RequestHeader } from '@samsa/protocol';
import type { BrokerServices } from './broker-services.js';
import type { SecurityProtocol } from './config/index.js';
import type { Connection } from './network/connection.js';
import type { KafkaPrincipal } from './security/kafka-principal.js';

export interface RequestContext {
  readonly header: RequestHeader;
  readonly apiVersion: number;
  readonly connection: Connection;
  /** The listener the request arrived on (upper case): Metadata answers with its endpoints. */
  readonly listenerName: string;
  readonly securityProtocol: SecurityProtocol;
  readonly broker: BrokerServices;
  readonly logger: Logger;
  /**
   * Who sent the request: the connection's authenticated principal (User:<mapped certificate
   * subject> on TLS with a client certificate, else User:ANONYMOUS), or what the broker's
   * test-only principal builder said.
   */
  readonly principal: KafkaPrincipal;
  /** The client's IP address as ACLs name it (an IPv4-mapped IPv6 address as plain IPv4). */
  readonly clientHost: string;
  /** Milliseconds since the epoch when the request was decoded. */
  readonly receivedAt: number;
}
