/**
 * Everything a handler may know about the request it is serving: who sent it, on which connection
 * and listener, with which header, and the broker's services to delegate to.
 */
import type { Logger } from '@samsa/common';
import type { RequestHeader } from '@samsa/protocol';
import type { BrokerServices } from './broker-services.js';
import type { Connection } from './network/connection.js';

export interface RequestContext {
  readonly header: RequestHeader;
  readonly apiVersion: number;
  readonly connection: Connection;
  readonly broker: BrokerServices;
  readonly logger: Logger;
  /** Milliseconds since the epoch when the request was decoded. */
  readonly receivedAt: number;
}
