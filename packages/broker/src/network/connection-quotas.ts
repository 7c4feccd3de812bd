/**
 * max.connections.per.ip and max.connections.per.ip.overrides (Kafka's ConnectionQuotas): how many
 * connections each client address holds on this broker, across all its listeners. A connection
 * over its address's limit is closed as it is accepted, with nothing sent, and logged as Kafka logs
 * its TooManyConnectionsException.
 *
 * max.connection.creation.rate (KIP-612, broker-wide) delays new connections rather than refusing them.
 *
 * Overrides are matched against the client's IP address as written (Kafka resolves host names in
 * the overrides; Samsa compares literal addresses, IPv4-mapped IPv6 addresses as IPv4).
 *
 * Owner: the Broker creates one and shares it with every SocketServer; `update` applies a dynamic
 * change (AlterConfigs) to connections accepted from then on: established ones stay, as in Kafka.
 * Everything runs on the event loop.
 */
import type { Logger } from '@samsa/common';
import { SampledRate } from '../quota/sampled-rate.js';
import { clientHostOf } from './client-host.js';

export interface ConnectionLimits {
  /** max.connections.per.ip */
  perIp: number;
  /** max.connections.per.ip.overrides, address → limit */
  overrides: ReadonlyMap<string, number>;
  /** max.connection.creation.rate: new connections per second on this broker, all listeners. */
  creationRate: number;
  /** quota.window.num and quota.window.size.seconds (in ms), over which the creation rate is measured. */
  samples: number;
  windowMs: number;
}

const UNLIMITED = 2147483647;

export class ConnectionQuotas {
  /** Address → connections it holds now. */
  private readonly counts = new Map<string, number>();
  private creations: SampledRate;
  /** Per address: recent connection creations, for the ip entity's connection_creation_rate. */
  private readonly ipCreations = new Map<string, SampledRate>();
  /** The connection_creation_rate quota of an address (its own, else the default ip's), if any. */
  private ipQuota: (ip: string) => number | undefined = () => undefined;

  constructor(
    private limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {
    this.creations = new SampledRate(limits.samples, limits.windowMs);
  }

  update(limits: ConnectionLimits): void {
    if (limits.samples !== this.limits.samples || limits.windowMs !== this.limits.windowMs)
      this.creations = new SampledRate(limits.samples, limits.windowMs);
    this.limits = limits;
  }

  /** Where connection_creation_rate quotas come from (the broker's ClientQuotaManager). */
  setIpQuotaSource(source: (ip: string) => number | undefined): void {
    this.ipQuota = source;
  }

  /**
   * Counts a new connection from `address` against its ip entity's connection_creation_rate quota
   * (KIP-612) and returns its throttle time, 0 within the quota or without one. Kafka closes a
   * connection over it (ConnectionThrottledException) once that time has passed.
   */
  recordIpCreation(address: string, now: number): number {
    const ip = clientHostOf(address);
    const quota = this.ipQuota(ip);
    if (quota === undefined) {
      this.ipCreations.delete(ip);
      return 0;
    }
    let rate = this.ipCreations.get(ip);
    if (!rate) {
      rate = new SampledRate(this.limits.samples, this.limits.windowMs);
      this.ipCreations.set(ip, rate);
    }
    rate.record(1, now);
    return this.throttleMs(rate, quota, now);
  }

  private throttleMs(rate: SampledRate, quota: number, now: number): number {
    const measured = rate.measure(now);
    if (measured <= quota) return 0;
    const maxMs = this.limits.samples * this.limits.windowMs;
    if (quota <= 0) return maxMs;
    return Math.min(Math.round(((measured - quota) / quota) * rate.spanMs(now)), maxMs);
  }

  /**
   * Counts a new connection against max.connection.creation.rate and returns how long its serving
   * must wait (0 within the rate). Kafka's acceptor stops accepting for that long; Samsa holds the
   * accepted socket, unread, which delays the client the same way, and later connections
   * (measured at a higher rate) wait longer.
   */
  recordCreation(now: number): number {
    const quota = this.limits.creationRate;
    if (quota >= UNLIMITED) return 0;
    this.creations.record(1, now);
    return this.throttleMs(this.creations, quota, now);
  }

  /** Connections `address` holds on this broker now. */
  countOf(address: string): number {
    return this.counts.get(clientHostOf(address)) ?? 0;
  }

  /**
   * Counts a newly accepted connection from `address`, or returns false (and logs why) when the
   * address already holds its maximum; the caller then closes the socket. Every true must be
   * followed by exactly one release() when that connection closes.
   */
  tryAcquire(address: string, listener: string): boolean {
    const ip = clientHostOf(address);
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
    const ip = clientHostOf(address);
    const count = this.counts.get(ip) ?? 0;
    if (count <= 1) this.counts.delete(ip);
    else this.counts.set(ip, count - 1);
  }
}
