/**
 * Serdes (Kafka's Serde<T>): how a key or value type turns into bytes and back. The numeric serdes
 * write Kafka's Java encodings (big-endian int32, int64, IEEE-754 double), so a Java application
 * reading the same topic sees the same numbers. As in Java, null passes through every serde (a null
 * value is a tombstone); the types leave null out so that ordinary code needs no casts.
 */
import { StreamsError } from '../errors.js';

export interface Serde<T> {
  serialize(topic: string, data: T): Buffer | null;
  deserialize(topic: string, data: Buffer | null): T;
}

function checked<T>(name: string, width: number, read: (b: Buffer) => T): (topic: string, data: Buffer | null) => T {
  return (topic, data) => {
    if (data === null) return null as T;
    if (data.length !== width) {
      throw new StreamsError(
        'SERIALIZATION',
        `Size of data received by ${name}Deserializer is not ${width} (topic ${topic}: ${data.length} bytes)`,
      );
    }
    return read(data);
  };
}

const longRead = checked('Long', 8, (b) => Number(b.readBigInt64BE(0)));
const intRead = checked('Integer', 4, (b) => b.readInt32BE(0));
const doubleRead = checked('Double', 8, (b) => b.readDoubleBE(0));

/** Kafka's Serdes factory: Serdes.String(), Serdes.Long(), ... */
export const Serdes = {
  String(): Serde<string> {
    return {
      serialize: (_t, d) => (d === null || d === undefined ? null : Buffer.from(d, 'utf8')),
      deserialize: (_t, b) => (b === null ? (null as unknown as string) : b.toString('utf8')),
    };
  },
  /** Java's Long: 8 bytes big-endian. Values beyond 2^53 lose precision as JS numbers. */
  Long(): Serde<number> {
    return {
      serialize: (_t, d) => {
        if (d === null || d === undefined) return null;
        const b = Buffer.allocUnsafe(8);
        b.writeBigInt64BE(BigInt(Math.trunc(d)), 0);
        return b;
      },
      deserialize: longRead,
    };
  },
  Integer(): Serde<number> {
    return {
      serialize: (_t, d) => {
        if (d === null || d === undefined) return null;
        const b = Buffer.allocUnsafe(4);
        b.writeInt32BE(d, 0);
        return b;
      },
      deserialize: intRead,
    };
  },
  Double(): Serde<number> {
    return {
      serialize: (_t, d) => {
        if (d === null || d === undefined) return null;
        const b = Buffer.allocUnsafe(8);
        b.writeDoubleBE(d, 0);
        return b;
      },
      deserialize: doubleRead,
    };
  },
  Buffer(): Serde<Buffer> {
    return { serialize: (_t, d) => d ?? null, deserialize: (_t, b) => b as Buffer };
  },
  /** JSON text in UTF-8; the type parameter is what the application promises the topic holds. */
  Json<T>(): Serde<T> {
    return {
      serialize: (_t, d) => (d === null || d === undefined ? null : Buffer.from(JSON.stringify(d), 'utf8')),
      deserialize: (topic, b) => {
        if (b === null) return null as T;
        try {
          return JSON.parse(b.toString('utf8')) as T;
        } catch (err) {
          throw new StreamsError('SERIALIZATION', `invalid JSON in a record of ${topic}`, { cause: err });
        }
      },
    };
  },
  /** A serde from two functions (Serdes.serdeFrom). */
  from<T>(
    serialize: (data: T, topic: string) => Buffer | null,
    deserialize: (data: Buffer | null, topic: string) => T,
  ): Serde<T> {
    return { serialize: (t, d) => serialize(d, t), deserialize: (t, b) => deserialize(b, t) };
  },
};
