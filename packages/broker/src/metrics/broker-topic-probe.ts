/**
 * Kafka's BrokerTopicMetrics as plain counters (Redpanda's probes): the replica manager adds to
 * number fields on the produce and fetch paths, and metrics/broker-metrics.ts reads them when
 * Prometheus scrapes. Nothing here calls prom-client or allocates per request: a topic's counters
 * are created the first time the topic is seen and reused after that.
 *
 * Owner: the ReplicaManager (one per broker). Single-threaded like everything on the event loop.
 */
import { ErrorCode } from '@samsa/protocol';

/**
 * Errors Kafka's ReplicaManager answers without marking FailedProduceRequestsPerSec (appendToLocalLog:
 * the partition is elsewhere or unknown, or the client sent bad or oversized bytes). Anything else
 * (record validation, not enough replicas, an unexpected fault) counts as a failed produce.
 */
const PRODUCE_ERRORS_NOT_COUNTED: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.MESSAGE_TOO_LARGE,
  ErrorCode.RECORD_LIST_TOO_LARGE,
  ErrorCode.CORRUPT_MESSAGE,
  ErrorCode.KAFKA_STORAGE_ERROR,
]);

/** The same for FailedFetchRequestsPerSec (Kafka's readFromLog). */
const FETCH_ERRORS_NOT_COUNTED: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.REPLICA_NOT_AVAILABLE,
  ErrorCode.KAFKA_STORAGE_ERROR,
  ErrorCode.OFFSET_OUT_OF_RANGE,
  ErrorCode.INCONSISTENT_TOPIC_ID,
]);

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

  /** An append that failed with `errorCode`; counted as failed unless Kafka does not count it. */
  produceFailed(topic: string, errorCode: number): void {
    // No per-topic counters for a topic that does not exist: any name a client sends would grow the map.
    if (errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && !this.topics.has(topic)) {
      this.all.totalProduceRequests++;
      return;
    }
    const t = this.topic(topic);
    t.totalProduceRequests++;
    this.all.totalProduceRequests++;
    if (PRODUCE_ERRORS_NOT_COUNTED.has(errorCode)) return;
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

  fetchFailed(topic: string, errorCode: number): void {
    if (errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && !this.topics.has(topic)) {
      this.all.totalFetchRequests++;
      return;
    }
    const t = this.topic(topic);
    t.totalFetchRequests++;
    this.all.totalFetchRequests++;
    if (FETCH_ERRORS_NOT_COUNTED.has(errorCode)) return;
    t.failedFetchRequests++;
    this.all.failedFetchRequests++;
  }

  /** A deleted topic's series go with it, as Kafka removes its BrokerTopicMetrics. */
  removeTopic(name: string): void {
    this.topics.delete(name);
  }
}
