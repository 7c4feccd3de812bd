/**
 * StreamJoined (Kafka's StreamJoined): the serdes and names of a stream-stream join. `name` names
 * the join's processors (`<name>-this-windowed`, `<name>-this-join`, `<name>-merge`, ...);
 * `storeName` names its stores and therefore their changelogs (`<storeName>-this-join-store`,
 * `<storeName>-outer-shared-join-store`); without them both are generated as Kafka generates them.
 */
import type { Serde } from '../serdes/serde.js';

export interface StreamJoinedOptions<K, V1, V2> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V1>;
  otherValueSerde?: Serde<V2>;
  name?: string;
  storeName?: string;
  loggingEnabled?: boolean;
  logConfig?: Record<string, string>;
}

export class StreamJoined<K, V1, V2> implements StreamJoinedOptions<K, V1, V2> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V1>;
  otherValueSerde?: Serde<V2>;
  name?: string;
  storeName?: string;
  loggingEnabled?: boolean;
  logConfig?: Record<string, string>;

  static as<K, V1, V2>(storeName: string): StreamJoined<K, V1, V2> {
    const s = new StreamJoined<K, V1, V2>();
    s.storeName = storeName;
    return s;
  }

  static with<K, V1, V2>(
    keySerde: Serde<K>,
    valueSerde: Serde<V1>,
    otherValueSerde: Serde<V2>,
  ): StreamJoined<K, V1, V2> {
    const s = new StreamJoined<K, V1, V2>();
    s.keySerde = keySerde;
    s.valueSerde = valueSerde;
    s.otherValueSerde = otherValueSerde;
    return s;
  }

  withName(name: string): this {
    this.name = name;
    return this;
  }
  withStoreName(storeName: string): this {
    this.storeName = storeName;
    return this;
  }
  withKeySerde(serde: Serde<K>): this {
    this.keySerde = serde;
    return this;
  }
  withValueSerde(serde: Serde<V1>): this {
    this.valueSerde = serde;
    return this;
  }
  withOtherValueSerde(serde: Serde<V2>): this {
    this.otherValueSerde = serde;
    return this;
  }
  withLoggingEnabled(config: Record<string, string> = {}): this {
    this.loggingEnabled = true;
    this.logConfig = config;
    return this;
  }
  withLoggingDisabled(): this {
    this.loggingEnabled = false;
    return this;
  }
}
