/**
 * TestInputTopic (Kafka's test-utils): serializes keys and values with the given serdes and pipes
 * them into the driver. A record without a timestamp gets the topic's current time, which then
 * advances by `autoAdvanceMs`.
 */
import type { RecordHeader } from '@samsa/protocol';
import type { Serde } from '../serdes/serde.js';
import type { TopologyTestDriver } from './topology-test-driver.js';

export class TestInputTopic<K, V> {
  private currentTime: number;

  constructor(
    private readonly driver: TopologyTestDriver,
    readonly topic: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    private readonly options: { startTimestampMs: number; autoAdvanceMs: number },
  ) {
    this.currentTime = options.startTimestampMs;
  }

  pipeInput(key: K, value: V, timestamp?: number, headers: RecordHeader[] = []): void {
    const ts = timestamp ?? this.nextTime();
    this.driver.pipeRecord(this.topic, {
      key: this.keySerde.serialize(this.topic, key),
      value: this.valueSerde.serialize(this.topic, value),
      timestamp: ts,
      headers,
    });
  }

  /** A record with a null key. */
  pipeValue(value: V, timestamp?: number): void {
    const ts = timestamp ?? this.nextTime();
    this.driver.pipeRecord(this.topic, {
      key: null,
      value: this.valueSerde.serialize(this.topic, value),
      timestamp: ts,
      headers: [],
    });
  }

  pipeKeyValueList(records: Array<[K, V]>): void {
    for (const [k, v] of records) this.pipeInput(k, v);
  }

  pipeValueList(values: V[]): void {
    for (const v of values) this.pipeValue(v);
  }

  advanceTime(ms: number): void {
    this.currentTime += ms;
  }

  private nextTime(): number {
    const ts = this.currentTime;
    this.currentTime += this.options.autoAdvanceMs;
    return ts;
  }
}
