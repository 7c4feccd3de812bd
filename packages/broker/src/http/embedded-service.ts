/**
 * An HTTP service inside the broker — the Schema Registry (`schema.registry.listeners`) and the REST
 * proxy (`rest.proxy.listeners`), as Redpanda embeds its own — each a client of this broker's first
 * listener like any other. It starts in the background once the broker serves, because it needs
 * the cluster (topics, groups) and a broker of a cluster that is still forming must not wait for
 * it; a failed start is retried until the broker stops.
 *
 * Owner: the Broker. close() is called first in Broker.stop(), while the broker still answers.
 */
import type { Logger } from '@samsa/common';
import { parseHttpListener } from '@samsa/common/http';

export interface HttpService {
  readonly url: string;
  close(): Promise<void>;
}

export class EmbeddedService<T extends HttpService> {
  private service: T | null = null;
  private stopped = false;
  private readonly starting: Promise<void>;
  private readonly waiters: Array<(url: string) => void> = [];

  constructor(
    private readonly name: string,
    start: () => Promise<T>,
    private readonly logger: Logger,
  ) {
    this.starting = this.startLoop(start);
  }

  /** The service's URL once it serves, else null. */
  get url(): string | null {
    return this.service?.url ?? null;
  }

  /** Resolves with the URL once the service serves (tests, the startup line). */
  serving(): Promise<string> {
    const url = this.url;
    return url !== null ? Promise.resolve(url) : new Promise((resolve) => this.waiters.push(resolve));
  }

  private async startLoop(start: () => Promise<T>): Promise<void> {
    while (!this.stopped) {
      try {
        const service = await start();
        if (this.stopped) {
          await service.close();
          return;
        }
        this.service = service;
        this.logger.info({ url: service.url }, `${this.name} serving`);
        for (const w of this.waiters.splice(0)) w(service.url);
        return;
      } catch (err) {
        if (this.stopped) return;
        this.logger.warn({ err }, `${this.name} failed to start; retrying`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.service?.close();
  }
}

/**
 * The host other registries forward writes to: the listener's own, unless it is a wildcard, then
 * the host this broker advertises to clients (reachable by the other brokers by definition).
 */
export function advertisedHostFor(listener: string, bootstrapServers: string): string | undefined {
  const { host } = parseHttpListener(listener);
  if (host !== '0.0.0.0' && host !== '::' && host !== '') return undefined;
  return bootstrapServers.slice(0, bootstrapServers.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');
}
