/**
 * Kafka's BrokerTopicMetrics as plain counters (Redpanda's probes): the replica manager adds to
 * number fields on the produce and fetch paths, and metrics/broker-metrics.ts reads them when
 * Prometheus scrapes. Nothing here calls prom-client or allocates per request: a topic's counters
 * are created the first time the topic is seen and reused after that.
 *
 * Owner: the ReplicaManager (one per broker). Single-threaded like everything on the event loop.
 */
export class TopicCounters {
  messagesIn = 0;
  bytesIn = 0;
  bytesOut = 0;
  failedProduceRequests = 0;
  failedFetchRequests = 0;
  totalProduceRequests = 0;
  totalFetchRequests = 0;
  /** Records converted on produce (Produce v0-2's magic 0/1 message sets rewritten as magic 2). */
  produceMessageConversions = 0;
}

export class BrokerTopicProbe {
  /** Kafka's "all topics" series (the MBean without a topic tag). */
  readonly all = new TopicCounters();
  readonly topics = new Map<string, TopicCounters>();
  /** ISR changes this broker made as a leader (ReplicaManager's IsrShrinksPerSec / IsrExpandsPerSec). */
  isrShrinks = 0;
  isrExpands = 0;

  topic(name: string): TopicCounters {
    let t = this.topics.get(name);
    if (t === undefined) {
      t = new TopicCounters();
      this.topics.set(name, t);
    }
    return t;
  }

  /** A successful append of `records` records (`bytes` on the wire) by a client. */
  produced(topic: string, records: number, bytes: number, converted: boolean): void {
    const t = this.topic(topic);
    t.totalProduceRequests++;
    this.all.totalProduceRequests++;
    t.messagesIn += records;
    this.all.messagesIn += records;
    t.bytesIn += bytes;
    this.all.bytesIn += bytes;
    if (converted) {
      t.produceMessageConversions += records;
      this.all.produceMessageConversions += records;
    }
  }

  produceFailed(topic: string): void {
    const t = this.topic(topic);
    t.totalProduceRequests++;
    this.all.totalProduceRequests++;
    t.failedProduceRequests++;
    this.all.failedProduceRequests++;
  }

  /** A consumer read `bytes` record bytes (followers' reads are replication, not BytesOut, as in Kafka). */
  fetched(topic: string, bytes: number): void {
    const t = this.topic(topic);
    t.totalFetchRequests++;
    this.all.totalFetchRequests++;
    t.bytesOut += bytes;
    this.all.bytesOut += bytes;
  }

  fetchFailed(topic: string): void {
    const t = this.topic(topic);
    t.totalFetchRequests++;
    this.all.totalFetchRequests++;
    t.failedFetchRequests++;
    this.all.failedFetchRequests++;
  }

  /** A deleted topic's series go with it, as Kafka removes its BrokerTopicMetrics. */
  removeTopic(name: string): void {
    this.topics.delete(name);
  }
}
