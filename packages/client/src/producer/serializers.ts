/**
 * Serializers turn application keys and values into bytes (Java's Serializer<T>). A serializer
 * returning null writes a null key or value (a tombstone, for values).
 */
export type Serializer<T> = (data: T, topic: string) => Buffer | null;
export type Deserializer<T> = (data: Buffer | null, topic: string) => T;

export const bufferSerializer: Serializer<Buffer | null> = (data) => data;
export const stringSerializer: Serializer<string | null> = (data) => (data === null ? null : Buffer.from(data, 'utf8'));
export const jsonSerializer: Serializer<unknown> = (data) =>
  data === null || data === undefined ? null : Buffer.from(JSON.stringify(data), 'utf8');

/** Buffers as they are, strings as UTF-8, null and undefined as null: the default for both key and value. */
export const defaultSerializer: Serializer<Buffer | string | null | undefined> = (data) => {
  if (data === null || data === undefined) return null;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  throw new TypeError('the default serializer takes a Buffer, a string or null; set keySerializer/valueSerializer');
};

export const bufferDeserializer: Deserializer<Buffer | null> = (data) => data;
export const stringDeserializer: Deserializer<string | null> = (data) => (data === null ? null : data.toString('utf8'));
export const jsonDeserializer: Deserializer<unknown> = (data) =>
  data === null ? null : JSON.parse(data.toString('utf8'));
