/**
 * The clients' metrics (`producer.metrics()`, `consumer.metrics()`) in an application's own
 * prom-client registry, beside its other metrics:
 *
 *   import { Registry } from 'prom-client';
 *   const registry = new Registry();
 *   const exported = new PrometheusClientMetrics(registry);
 *   exported.add(producer); exported.add(consumer);   // remove(client) after close()
 *
 * Names are what the Prometheus JMX exporter's usual rules make of the Java clients' MBeans:
 * `kafka.producer<type=producer-metrics, client-id=X><>record-send-rate` becomes
 * `kafka_producer_producer_metrics_record_send_rate{client_id="X"}`, so dashboards built for Java
 * clients read ours. Values are read from the clients when the registry is scraped, never pushed.
 *
 * The client does not depend on prom-client: a registry is anything with prom-client's public
 * `registerMetric`, and each family here is an object with the `get()` prom-client calls at scrape
 * time (the "custom metric" shape its registry accepts). Owner: the application.
 */
import type { Metric } from './metrics.js';

/** prom-client's Registry, as far as this module uses it. */
export interface PrometheusRegistry {
  registerMetric(metric: never): void;
}

/** Anything with Kafka-style metrics: the Producer, the Consumer. */
export interface MetricsProvider {
  metrics(): Metric[];
}

interface FamilyValue {
  labels: Record<string, string>;
  value: number;
}

/** One metric family in prom-client's custom-metric shape. */
class ClientMetricFamily {
  readonly type = 'gauge';
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly group: string,
    private readonly metricName: string,
    private readonly clients: ReadonlySet<MetricsProvider>,
  ) {}

  get(): { name: string; help: string; type: string; aggregator: string; values: FamilyValue[] } {
    const values: FamilyValue[] = [];
    for (const c of this.clients) {
      for (const m of c.metrics()) {
        if (m.group !== this.group || m.name !== this.metricName) continue;
        values.push({ labels: labelsOf(m.tags), value: m.value });
      }
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {}
}

/** The exporter's name for a client metric: kafka_<domain>_<group>_<name>, dashes as underscores. */
export function prometheusName(m: Pick<Metric, 'group' | 'name'>): string {
  const domain = m.group.startsWith('producer') ? 'producer' : m.group.startsWith('consumer') ? 'consumer' : 'admin';
  return `kafka_${domain}_${m.group}_${m.name}`.replace(/[^a-zA-Z0-9_]/g, '_');
}

function labelsOf(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) out[k.replace(/[^a-zA-Z0-9_]/g, '_')] = v;
  return out;
}

export class PrometheusClientMetrics {
  private readonly clients = new Set<MetricsProvider>();
  private readonly families = new Map<string, ClientMetricFamily>();

  constructor(private readonly registry: PrometheusRegistry) {}

  /** Exports a client's metrics; its families are registered the first time they are seen. */
  add(client: MetricsProvider): void {
    this.clients.add(client);
    for (const m of client.metrics()) {
      const name = prometheusName(m);
      if (this.families.has(name)) continue;
      const family = new ClientMetricFamily(name, m.description, m.group, m.name, this.clients);
      this.families.set(name, family);
      this.registry.registerMetric(family as never);
    }
  }

  /** Stops exporting a client (after close()); its families stay, without its series. */
  remove(client: MetricsProvider): void {
    this.clients.delete(client);
  }
}
