/**
 * max.connections.per.ip and max.connections.per.ip.overrides (Kafka's ConnectionQuotas): how many
 * connections each client address holds on this broker, across all its listeners. A connection
 * over its address's limit is closed as it is accepted, with nothing sent, and logged as Kafka logs
 * its TooManyConnectionsException.
 *
 * Overrides are matched against the client's IP address as written (Kafka resolves host names in
 * the overrides; Samsa compares literal addresses, IPv4-mapped IPv6 addresses as IPv4).
 *
 * Owner: the Broker creates one and shares it with every SocketServer; `update` applies a dynamic
 * change (AlterConfigs) to connections accepted from then on: established ones stay, as in Kafka.
 * Everything runs on the event loop.
 */
import type { Logger } from '@samsa/common';

export interface ConnectionLimits {
  /** max.connections.per.ip */
  perIp: number;
  /** max.connections.per.ip.overrides, address → limit */
  overrides: ReadonlyMap<string, number>;
}

export class ConnectionQuotas {
  /** Address → connections it holds now. */
  private readonly counts = new Map<string, number>();

  constructor(
    private limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {}

  update(limits: ConnectionLimits): void {
    this.limits = limits;
  }

  /** Connections `address` holds on this broker now. */
  countOf(address: string): number {
    return this.counts.get(normalize(address)) ?? 0;
  }

  /**
   * Counts a newly accepted connection from `address`, or returns false (and logs why) when the
   * address already holds its maximum; the caller then closes the socket. Every true must be
   * followed by exactly one release() when that connection closes.
   */
  tryAcquire(address: string, listener: string): boolean {
    const ip = normalize(address);
    const count = this.counts.get(ip) ?? 0;
    const limit = this.limits.overrides.get(ip) ?? this.limits.perIp;
    if (count >= limit) {
      this.logger.info(
        { listener, client: ip, limit },
        `Rejected connection from ${ip}, address already has the configured maximum of ${limit} connections (TooManyConnectionsException)`,
      );
      return false;
    }
    this.counts.set(ip, count + 1);
    return true;
  }

  release(address: string): void {
    const ip = normalize(address);
    const count = this.counts.get(ip) ?? 0;
    if (count <= 1) this.counts.delete(ip);
    else this.counts.set(ip, count - 1);
  }
}

function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
