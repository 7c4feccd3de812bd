/**
 * TestOutputTopic (Kafka's test-utils): reads, in order, what the topology wrote to one topic;
 * each read consumes the record.
 */
import type { RecordHeader } from '@samsa/protocol';
import { StreamsError } from '../errors.js';
import type { OutputRecord } from '../processor/record-collector.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValue } from '../state/state-store.js';

export interface TestRecord<K, V> {
  key: K;
  value: V;
  timestamp: number;
  headers: RecordHeader[];
}

export class TestOutputTopic<K, V> {
  constructor(
    private readonly queue: OutputRecord[],
    readonly topic: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  readRecord(): TestRecord<K, V> {
    const r = this.queue.shift();
    if (!r) throw new StreamsError('ILLEGAL_STATE', `No more records in topic ${this.topic}`);
    return {
      key: this.keySerde.deserialize(this.topic, r.key),
      value: this.valueSerde.deserialize(this.topic, r.value),
      timestamp: r.timestamp,
      headers: r.headers,
    };
  }

  readKeyValue(): KeyValue<K, V> {
    const { key, value } = this.readRecord();
    return { key, value };
  }

  readValue(): V {
    return this.readRecord().value;
  }

  readRecordsToList(): TestRecord<K, V>[] {
    const out: TestRecord<K, V>[] = [];
    while (this.queue.length > 0) out.push(this.readRecord());
    return out;
  }

  readKeyValuesToList(): KeyValue<K, V>[] {
    return this.readRecordsToList().map(({ key, value }) => ({ key, value }));
  }

  readValuesToList(): V[] {
    return this.readRecordsToList().map((r) => r.value);
  }

  /** The last value per key (a table's final state). */
  readKeyValuesToMap(): Map<K, V> {
    const out = new Map<K, V>();
    for (const { key, value } of this.readRecordsToList()) out.set(key, value);
    return out;
  }

  isEmpty(): boolean {
    return this.queue.length === 0;
  }

  getQueueSize(): number {
    return this.queue.length;
  }
}
