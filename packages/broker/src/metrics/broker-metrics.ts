/**
 * The broker's Prometheus metrics, named as the Prometheus JMX exporter's usual Kafka rules name
 * Kafka's MBeans (kafka_server_brokertopicmetrics_messagesin_total, kafka_log_log_size, ...) and
 * consumer-group lag as kafka-exporter names it, so existing dashboards and alerts work unchanged.
 *
 * Every value is computed at scrape time by a collect() callback from the probes (plain counters the
 * produce and fetch paths bump) and from the broker's own state (partitions, groups, connections):
 * nothing on the request path calls prom-client.
 *
 * One registry per content type (Prometheus text 0.0.4 and OpenMetrics 1.0), the same metric
 * objects in both. Owner: the broker's admin HTTP listener; created once per broker.
 */
import { statfsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { apiDefinition } from '@samsa/protocol';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { collectGroupOffsets } from './group-lag.js';
import type { MetricsSource } from './metrics-source.js';
import { quantile } from './request-probe.js';

export interface BrokerMetricsOptions {
  /** metrics.partition.series.enable: false drops every {topic,partition} series. */
  partitionSeries: boolean;
}

/** The percentiles the JMX exporter publishes for Kafka's histograms (quantile label values). */
const QUANTILES: ReadonlyArray<[string, number]> = [
  ['0.50', 0.5],
  ['0.75', 0.75],
  ['0.95', 0.95],
  ['0.98', 0.98],
  ['0.99', 0.99],
  ['0.999', 0.999],
];

let processRegistries: {
  prometheus: Registry;
  openMetrics: Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>;
} | null = null;

/**
 * Node's process metrics (CPU, memory, GC, event-loop lag), collected once per process: they
 * describe the process, not a broker, and prom-client's collectors (an event-loop delay histogram,
 * a GC observer) would otherwise pile up with every broker a test starts.
 */
function processMetrics(): NonNullable<typeof processRegistries> {
  if (processRegistries === null) {
    const prometheus = new Registry();
    const openMetrics = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();
    openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    collectDefaultMetrics({ register: prometheus });
    collectDefaultMetrics({ register: openMetrics });
    processRegistries = { prometheus, openMetrics };
  }
  return processRegistries;
}

export class BrokerMetrics {
  readonly prometheus = new Registry();
  readonly openMetrics = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();

  constructor(
    private readonly source: MetricsSource,
    private readonly options: BrokerMetricsOptions,
  ) {
    this.openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    this.brokerTopicMetrics();
    this.replicaManager();
    this.controller();
    this.requests();
    this.logs();
    this.network();
    this.consumerGroups();
    this.disks();
  }

  /** The scrape answer for an Accept header: OpenMetrics when asked for, else Prometheus text. */
  async scrape(accept: string | undefined): Promise<{ contentType: string; body: string }> {
    const process = processMetrics();
    const r = accept?.includes('application/openmetrics-text')
      ? Registry.merge([this.openMetrics, process.openMetrics] as unknown as Registry[])
      : Registry.merge([this.prometheus, process.prometheus]);
    return { contentType: r.contentType, body: await r.metrics() };
  }

  private get registers(): Registry[] {
    return [this.prometheus, this.openMetrics as unknown as Registry];
  }

  /**
   * One metric object per registry: prom-client renames a counter object in place (drops _total)
   * when an OpenMetrics registry renders it, so the two formats must not share objects.
   */
  private counter(name: string, help: string, labelNames: string[], collect: (c: Counter<string>) => void): void {
    for (const register of this.registers) {
      new Counter({
        name,
        help,
        labelNames,
        registers: [register],
        collect() {
          this.reset();
          collect(this);
        },
      });
    }
  }

  private gauge(name: string, help: string, labelNames: string[], collect: (g: Gauge<string>) => void): void {
    for (const register of this.registers) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [register],
        collect() {
          this.reset();
          collect(this);
        },
      });
    }
  }

  private brokerTopicMetrics(): void {
    const probe = this.source.replicas.topicProbe;
    const fields = [
      ['messagesin', 'messagesIn', 'Records appended by clients (MessagesInPerSec)'],
      ['bytesin', 'bytesIn', 'Record bytes received from clients (BytesInPerSec)'],
      ['bytesout', 'bytesOut', 'Record bytes sent to consumers (BytesOutPerSec)'],
      ['failedproducerequests', 'failedProduceRequests', 'Partition appends that failed (FailedProduceRequestsPerSec)'],
      [
        'failedfetchrequests',
        'failedFetchRequests',
        'Consumer partition reads that failed (FailedFetchRequestsPerSec)',
      ],
      ['totalproducerequests', 'totalProduceRequests', 'Partition appends (TotalProduceRequestsPerSec)'],
      ['totalfetchrequests', 'totalFetchRequests', 'Consumer partition reads (TotalFetchRequestsPerSec)'],
      [
        'producemessageconversions',
        'produceMessageConversions',
        'Records converted to magic 2 on produce (ProduceMessageConversionsPerSec)',
      ],
    ] as const;
    for (const [name, field, help] of fields) {
      this.counter(`kafka_server_brokertopicmetrics_${name}_total`, help, ['topic'], (c) => {
        this.dropDeletedTopics();
        c.inc(probe.all[field]);
        for (const [topic, t] of probe.topics) if (t[field] > 0) c.inc({ topic }, t[field]);
      });
    }
  }

  /** A deleted topic's BrokerTopicMetrics go with it, as Kafka removes them. */
  private dropDeletedTopics(): void {
    const probe = this.source.replicas.topicProbe;
    for (const topic of probe.topics.keys()) {
      if (!this.source.metadata.topic(topic)) probe.removeTopic(topic);
    }
  }

  private replicaManager(): void {
    const { replicas, brokerId } = this.source;
    const local = () => replicas.allPartitions().filter((p) => p.isLeader(brokerId));
    this.gauge('kafka_server_replicamanager_partitioncount', 'Partitions hosted here', [], (g) =>
      g.set(replicas.allPartitions().length),
    );
    this.gauge('kafka_server_replicamanager_leadercount', 'Partitions led here', [], (g) => g.set(local().length));
    this.gauge(
      'kafka_server_replicamanager_underreplicatedpartitions',
      'Partitions led here whose ISR is smaller than their replica set',
      [],
      (g) => g.set(local().filter((p) => p.isr.length < p.replicas.length).length),
    );
    this.gauge(
      'kafka_server_replicamanager_underminisrpartitioncount',
      'Partitions led here whose ISR is below min.insync.replicas',
      [],
      (g) => g.set(local().filter((p) => p.isr.length < p.log.config['min.insync.replicas']).length),
    );
    const probe = replicas.topicProbe;
    this.counter('kafka_server_replicamanager_isrshrinks_total', 'ISR shrinks made by this leader', [], (c) =>
      c.inc(probe.isrShrinks),
    );
    this.counter('kafka_server_replicamanager_isrexpands_total', 'ISR expansions made by this leader', [], (c) =>
      c.inc(probe.isrExpands),
    );
  }

  private controller(): void {
    const { metadata } = this.source;
    this.gauge(
      'kafka_controller_kafkacontroller_activecontrollercount',
      '1 on the active controller, else 0',
      [],
      (g) => g.set(this.source.isActiveController() ? 1 : 0),
    );
    this.gauge(
      'kafka_controller_kafkacontroller_offlinepartitionscount',
      'Partitions without a leader (reported by the active controller only, as in Kafka)',
      [],
      (g) => {
        if (!this.source.isActiveController()) return g.set(0);
        let offline = 0;
        for (const t of metadata.topics()) for (const p of t.partitions) if (p.leaderId < 0) offline++;
        g.set(offline);
      },
    );
    this.gauge('kafka_controller_kafkacontroller_globaltopiccount', 'Topics in the cluster', [], (g) => {
      let n = 0;
      for (const _ of metadata.topics()) n++;
      g.set(n);
    });
    this.gauge('kafka_controller_kafkacontroller_globalpartitioncount', 'Partitions in the cluster', [], (g) => {
      let n = 0;
      for (const t of metadata.topics()) n += t.partitions.length;
      g.set(n);
    });
  }

  private requests(): void {
    const probe = this.source.requestProbe;
    const served = () => {
      const out: Array<{ apiKey: number; request: string }> = [];
      for (let k = 0; k < probe.requests.length; k++) {
        if ((probe.requests[k] as number) > 0) out.push({ apiKey: k, request: apiDefinition(k)?.name ?? `api${k}` });
      }
      return out;
    };
    this.counter('kafka_network_requestmetrics_requests_total', 'Requests answered, per API', ['request'], (c) => {
      for (const { apiKey, request } of served()) c.inc({ request }, probe.requests[apiKey] as number);
    });
    this.gauge(
      'kafka_network_requestmetrics_totaltimems',
      'Time from receipt to answer per API, percentiles of the last 1024 requests',
      ['request', 'quantile'],
      (g) => {
        for (const { apiKey, request } of served()) {
          const sorted = probe.recentTimes(apiKey);
          for (const [label, q] of QUANTILES) g.set({ request, quantile: label }, quantile(sorted, q));
        }
      },
    );
    this.counter(
      'kafka_network_requestmetrics_totaltimems_sum_total',
      'Summed time from receipt to answer per API, ms',
      ['request'],
      (c) => {
        for (const { apiKey, request } of served()) c.inc({ request }, probe.totalTimeMsSum[apiKey] as number);
      },
    );
    this.counter(
      'kafka_network_requestmetrics_throttletimems_sum_total',
      'Summed quota throttle time given in responses per API, ms',
      ['request'],
      (c) => {
        for (const { apiKey, request } of served()) c.inc({ request }, probe.throttleTimeMsSum[apiKey] as number);
      },
    );
  }

  private logs(): void {
    const { replicas } = this.source;
    const perPartition = (
      name: string,
      help: string,
      value: (p: ReturnType<typeof replicas.allPartitions>[number]) => number,
    ) =>
      this.gauge(name, help, ['topic', 'partition'], (g) => {
        if (!this.options.partitionSeries) return;
        for (const p of replicas.allPartitions()) g.set({ topic: p.topic, partition: String(p.partition) }, value(p));
      });
    perPartition('kafka_log_log_size', 'Bytes of a partition log on disk', (p) => p.log.size);
    perPartition('kafka_log_log_logendoffset', 'Log end offset', (p) => p.log.logEndOffset);
    perPartition('kafka_log_log_logstartoffset', 'Log start offset', (p) => p.log.logStartOffset);
    perPartition('kafka_cluster_partition_underreplicated', '1 when the ISR is smaller than the replicas', (p) =>
      p.isr.length < p.replicas.length ? 1 : 0,
    );
  }

  private network(): void {
    this.gauge(
      'kafka_server_socket_server_metrics_connection_count',
      'Open client connections per listener',
      ['listener', 'networkProcessor'],
      (g) => {
        for (const l of this.source.listenerConnections())
          g.set({ listener: l.name, networkProcessor: '0' }, l.connections);
      },
    );
    // Kafka's socket-server-metrics failed-/successful-authentication-total, one series per listener.
    for (const [name, key, help] of [
      ['failed', 'failed', 'Failed authentications (SASL exchanges, TLS handshakes) per listener'],
      ['successful', 'succeeded', 'Completed authentications per listener'],
    ] as const) {
      this.counter(
        `kafka_server_socket_server_metrics_${name}_authentication_total`,
        help,
        ['listener', 'networkProcessor'],
        (c) => {
          for (const l of this.source.listenerConnections())
            c.inc({ listener: l.name, networkProcessor: '0' }, l.authentications[key]);
        },
      );
    }
    // The event loop is Node's request handler and network thread in one: its idle share stands in
    // for Kafka's NetworkProcessorAvgIdlePercent / RequestHandlerAvgIdlePercent.
    let last = performance.eventLoopUtilization();
    let utilization = 0;
    const sample = () => {
      const now = performance.eventLoopUtilization();
      utilization = performance.eventLoopUtilization(now, last).utilization;
      last = now;
    };
    this.gauge('nodejs_eventloop_utilization', 'Event loop utilisation since the previous scrape (0..1)', [], (g) => {
      sample();
      g.set(utilization);
    });
    this.gauge(
      'kafka_network_socketserver_networkprocessoravgidlepercent',
      'Idle share of the event loop since the previous scrape (0..1)',
      [],
      (g) => g.set(1 - utilization),
    );
  }

  private consumerGroups(): void {
    const lagOf = () => collectGroupOffsets(this.source);
    // One collection per scrape would be nicer; each family recomputes, which is cheap at group scale.
    this.gauge(
      'kafka_consumergroup_current_offset',
      'Committed offset of a group per partition (kafka-exporter)',
      ['consumergroup', 'topic', 'partition'],
      (g) => {
        if (!this.options.partitionSeries) return;
        for (const o of lagOf())
          g.set({ consumergroup: o.group, topic: o.topic, partition: String(o.partition) }, o.offset);
      },
    );
    this.gauge(
      'kafka_consumergroup_lag',
      'High watermark minus committed offset per partition (kafka-exporter)',
      ['consumergroup', 'topic', 'partition'],
      (g) => {
        if (!this.options.partitionSeries) return;
        for (const o of lagOf()) {
          if (o.lag !== null) g.set({ consumergroup: o.group, topic: o.topic, partition: String(o.partition) }, o.lag);
        }
      },
    );
    const sums = (field: 'offset' | 'lag') => (g: Gauge<string>) => {
      const totals = new Map<string, { group: string; topic: string; sum: number }>();
      for (const o of lagOf()) {
        const v = field === 'lag' ? o.lag : o.offset;
        if (v === null) continue;
        const key = `${o.group}\u0000${o.topic}`;
        const t = totals.get(key) ?? { group: o.group, topic: o.topic, sum: 0 };
        t.sum += v;
        totals.set(key, t);
      }
      for (const t of totals.values()) g.set({ consumergroup: t.group, topic: t.topic }, t.sum);
    };
    this.gauge(
      'kafka_consumergroup_current_offset_sum',
      'Committed offsets of a group summed over a topic (kafka-exporter)',
      ['consumergroup', 'topic'],
      sums('offset'),
    );
    this.gauge(
      'kafka_consumergroup_lag_sum',
      'Lag of a group summed over a topic (kafka-exporter)',
      ['consumergroup', 'topic'],
      sums('lag'),
    );
    this.gauge('kafka_consumergroup_members', 'Members of a group (kafka-exporter)', ['consumergroup'], (g) => {
      const { groups } = this.source;
      for (const l of groups.listGroups([]).groups) {
        g.set({ consumergroup: l.groupId }, groups.describeGroup(l.groupId).members.length);
      }
    });
  }

  private disks(): void {
    const stat = (dir: string) => {
      try {
        return statfsSync(dir);
      } catch {
        return null;
      }
    };
    this.gauge('samsa_log_dir_free_bytes', 'Bytes available to the broker in a log directory', ['dir'], (g) => {
      for (const dir of this.source.logDirs) {
        const s = stat(dir);
        if (s) g.set({ dir }, s.bavail * s.bsize);
      }
    });
    this.gauge('samsa_log_dir_total_bytes', 'Size of the file system of a log directory', ['dir'], (g) => {
      for (const dir of this.source.logDirs) {
        const s = stat(dir);
        if (s) g.set({ dir }, s.blocks * s.bsize);
      }
    });
  }
}
