/**
 * The Schema Registry inside the broker (`schema.registry.listeners`), as Redpanda embeds its own:
 * the @samsa/registry package, a client of this broker's first listener like any other. It starts
 * in the background once the broker serves, because it needs the cluster (the `_schemas` topic, the
 * election group) and a broker of a cluster that is still forming must not wait for it; a failed
 * start is retried until the broker stops.
 *
 * Owner: the Broker. close() is called first in Broker.stop(), while the broker still answers.
 */
import type { Logger } from '@samsa/common';
import { parseHttpListener } from '@samsa/common/http';
import { SchemaRegistry } from '@samsa/registry';

export class EmbeddedRegistry {
  private registry: SchemaRegistry | null = null;
  private stopped = false;
  private readonly starting: Promise<void>;
  private readonly waiters: Array<(url: string) => void> = [];

  constructor(
    listener: string,
    bootstrapServers: string,
    private readonly logger: Logger,
  ) {
    this.starting = this.startLoop(listener, bootstrapServers);
  }

  /**
   * The host other registries forward writes to: the listener's own, unless it is a wildcard, then
   * the host this broker advertises to clients (reachable by the other brokers by definition).
   */
  static hostName(listener: string, bootstrapServers: string): string | undefined {
    const { host } = parseHttpListener(listener);
    if (host !== '0.0.0.0' && host !== '::' && host !== '') return undefined;
    return bootstrapServers.slice(0, bootstrapServers.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');
  }

  /** The registry's URL once it serves, else null. */
  get url(): string | null {
    return this.registry?.url ?? null;
  }

  /** Resolves with the URL once the registry serves (tests, the startup line). */
  serving(): Promise<string> {
    const url = this.url;
    return url !== null ? Promise.resolve(url) : new Promise((resolve) => this.waiters.push(resolve));
  }

  private async startLoop(listener: string, bootstrapServers: string): Promise<void> {
    while (!this.stopped) {
      try {
        const registry = await SchemaRegistry.start({
          config: {
            listeners: listener,
            'kafkastore.bootstrap.servers': bootstrapServers,
            'host.name': EmbeddedRegistry.hostName(listener, bootstrapServers),
          },
          logger: this.logger,
        });
        if (this.stopped) {
          await registry.close();
          return;
        }
        this.registry = registry;
        this.logger.info({ url: registry.url }, 'schema registry serving');
        for (const w of this.waiters.splice(0)) w(registry.url);
        return;
      } catch (err) {
        if (this.stopped) return;
        this.logger.warn({ err }, 'schema registry failed to start; retrying');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.registry?.close();
  }
}
