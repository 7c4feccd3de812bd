/**
 * The shared store of a left/outer stream-stream join (Kafka's `-outer-shared-join-store`): records
 * that found no partner yet, waiting for their join window to close. Keys are Kafka's
 * TimestampedKeyAndJoinSide bytes — timestamp (int64 BE), side (1 = left), key — so the store's
 * byte order is time order and the join scans it from the oldest record. Values are Kafka's
 * ListValueStore lists of LeftOrRightValue, in its ListSerializer layout — strategy byte 1
 * (variable size), int32 count, then per record int32 length, side byte (1 = left) and value — so
 * several records of one key and timestamp are all kept (byte for byte what Kafka logs).
 */
import type { Serde } from '../serdes/serde.js';
import type { KeyValueStore } from './state-store.js';
import { type StoreBuilder, Stores } from './stores.js';

export interface TimestampedKeyAndJoinSide<K> {
  key: K;
  timestamp: number;
  leftSide: boolean;
}

/** One waiting record: exactly one of left and right is set. */
export interface LeftOrRightValue<V1, V2> {
  left: V1 | null;
  right: V2 | null;
}

export type OuterJoinStore<K, V1, V2> = KeyValueStore<TimestampedKeyAndJoinSide<K>, LeftOrRightValue<V1, V2>[]>;

function keySerde<K>(inner: Serde<K>): Serde<TimestampedKeyAndJoinSide<K>> {
  return {
    serialize: (topic, data) => {
      const k = inner.serialize(topic, data.key) ?? Buffer.alloc(0);
      const out = Buffer.allocUnsafe(9 + k.length);
      out.writeBigInt64BE(BigInt(data.timestamp), 0);
      out[8] = data.leftSide ? 1 : 0;
      k.copy(out, 9);
      return out;
    },
    deserialize: (topic, b) => {
      if (b === null) return null as unknown as TimestampedKeyAndJoinSide<K>;
      const timestamp = Number(b.readBigInt64BE(0));
      return { timestamp, leftSide: b[8] === 1, key: inner.deserialize(topic, b.subarray(9)) };
    },
  };
}

function listSerde<V1, V2>(left: Serde<V1>, right: Serde<V2>): Serde<LeftOrRightValue<V1, V2>[]> {
  return {
    serialize: (topic, list) => {
      if (list === null || list === undefined || list.length === 0) return null;
      const header = Buffer.allocUnsafe(5);
      header[0] = 1;
      header.writeInt32BE(list.length, 1);
      const parts: Buffer[] = [header];
      for (const v of list) {
        const isLeft = v.left !== null;
        const body =
          (isLeft ? left.serialize(topic, v.left as V1) : right.serialize(topic, v.right as V2)) ?? Buffer.alloc(0);
        const head = Buffer.allocUnsafe(5);
        head.writeInt32BE(body.length + 1, 0);
        head[4] = isLeft ? 1 : 0;
        parts.push(head, body);
      }
      return Buffer.concat(parts);
    },
    deserialize: (topic, b) => {
      if (b === null) return null as unknown as LeftOrRightValue<V1, V2>[];
      const out: LeftOrRightValue<V1, V2>[] = [];
      for (let at = 5; at < b.length; ) {
        const len = b.readInt32BE(at);
        const isLeft = b[at + 4] === 1;
        const body = b.subarray(at + 5, at + 4 + len);
        out.push(
          isLeft
            ? { left: left.deserialize(topic, body), right: null }
            : { left: null, right: right.deserialize(topic, body) },
        );
        at += 4 + len;
      }
      return out;
    },
  };
}

type Defaults = { keySerde: Serde<unknown> | null; valueSerde: Serde<unknown> | null };

/** Builds the shared store once the application's default serdes are known (the sides' serdes may be unset). */
export function outerJoinStoreBuilder<K, V1, V2>(
  name: string,
  serdes: { key: Serde<K> | null; left: Serde<V1> | null; right: Serde<V2> | null },
): StoreBuilder<OuterJoinStore<K, V1, V2>> {
  let loggingEnabled = true;
  let logConfig: Record<string, string> = {};
  const builder: StoreBuilder<OuterJoinStore<K, V1, V2>> = {
    name,
    get loggingEnabled() {
      return loggingEnabled;
    },
    get logConfig() {
      return logConfig;
    },
    withLoggingEnabled(config = {}) {
      loggingEnabled = true;
      logConfig = config;
      return this;
    },
    withLoggingDisabled() {
      loggingEnabled = false;
      return this;
    },
    build(defaults?: Defaults) {
      const pick = <T>(s: Serde<T> | null, d: Serde<unknown> | null | undefined): Serde<T> => {
        const r = (s ?? d) as Serde<T> | null;
        if (!r) throw new TypeError(`store ${name} has no serde and no default.key.serde/default.value.serde is set`);
        return r;
      };
      const inner = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(name),
        keySerde(pick(serdes.key, defaults?.keySerde)),
        listSerde(pick(serdes.left, defaults?.valueSerde), pick(serdes.right, defaults?.valueSerde)),
      );
      if (loggingEnabled) inner.withLoggingEnabled(logConfig);
      else inner.withLoggingDisabled();
      return inner.build(defaults);
    },
  };
  return builder;
}
