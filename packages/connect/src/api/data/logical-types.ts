/**
 * Kafka Connect's logical types, named schemas over a primitive: Decimal (BYTES, the unscaled
 * value big-endian two's complement, parameter `scale`), Date (INT32 days since the epoch),
 * Time (INT32 milliseconds since midnight), Timestamp (INT64 milliseconds since the epoch).
 * JS values: DecimalValue for Decimal, Date for the other three; fromLogical/toLogical convert
 * to and from the primitive, as Kafka's classes of the same names do.
 */
import { DataError } from '../errors.js';
import { SchemaBuilder } from './schema-builder.js';
import type { Schema } from './schema.js';
import { DecimalValue } from './decimal-value.js';

export { DecimalValue };

const MS_PER_DAY = 24 * 60 * 60 * 1000;

export const Decimal = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Decimal',
  SCALE_FIELD: 'scale',
  builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter(Decimal.SCALE_FIELD, String(scale)).version(1);
  },
  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },
  /** The unscaled value's bytes, big-endian two's complement (Java's BigInteger.toByteArray). */
  fromLogical(schema: Schema, value: DecimalValue): Buffer {
    if (value.scale !== scaleOf(schema)) {
      throw new DataError(`BigDecimal has mismatching scale value for given Decimal schema`);
    }
    return bigintToBytes(value.unscaled);
  },
  toLogical(schema: Schema, bytes: Uint8Array): DecimalValue {
    return new DecimalValue(bytesToBigint(bytes), scaleOf(schema));
  },
};

function scaleOf(schema: Schema): number {
  const s = schema.parameters?.[Decimal.SCALE_FIELD];
  if (s === undefined) throw new DataError('Invalid Decimal schema: scale parameter not found.');
  return Number.parseInt(s, 10);
}

export function bigintToBytes(n: bigint): Buffer {
  let hex = (n < 0n ? -n : n).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (n >= 0n) return (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  // Two's complement of the magnitude, with a sign byte when the top bit would read as positive.
  const len = bytes.length + ((bytes[0] as number) >= 0x80 ? 1 : 0);
  const mod = 1n << BigInt(len * 8);
  hex = (mod + n).toString(16).padStart(len * 2, '0');
  bytes = Buffer.from(hex, 'hex');
  // Trim a redundant 0xff sign byte (BigInteger.toByteArray is minimal).
  while (bytes.length > 1 && bytes[0] === 0xff && ((bytes[1] as number) & 0x80) !== 0) bytes = bytes.subarray(1);
  return bytes;
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  const n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  return ((bytes[0] as number) & 0x80) !== 0 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

export const ConnectDate = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Date',
  builder: (): SchemaBuilder => SchemaBuilder.int32().name(ConnectDate.LOGICAL_NAME).version(1),
  SCHEMA: SchemaBuilder.int32().name('org.apache.kafka.connect.data.Date').version(1).build(),
  fromLogical(_schema: Schema, value: Date): number {
    const ms = value.getTime();
    if (ms % MS_PER_DAY !== 0) throw new DataError('Kafka Connect Date type should not have any time fields set to non-zero values.');
    return ms / MS_PER_DAY;
  },
  toLogical: (_schema: Schema, days: number): Date => new Date(days * MS_PER_DAY),
};

export const ConnectTime = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Time',
  builder: (): SchemaBuilder => SchemaBuilder.int32().name(ConnectTime.LOGICAL_NAME).version(1),
  SCHEMA: SchemaBuilder.int32().name('org.apache.kafka.connect.data.Time').version(1).build(),
  fromLogical(_schema: Schema, value: Date): number {
    const ms = value.getTime();
    if (ms < 0 || ms >= MS_PER_DAY) throw new DataError('Kafka Connect Time type should not have any date fields set to non-zero values.');
    return ms;
  },
  toLogical: (_schema: Schema, ms: number): Date => new Date(ms),
};

export const ConnectTimestamp = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Timestamp',
  builder: (): SchemaBuilder => SchemaBuilder.int64().name(ConnectTimestamp.LOGICAL_NAME).version(1),
  SCHEMA: SchemaBuilder.int64().name('org.apache.kafka.connect.data.Timestamp').version(1).build(),
  fromLogical: (_schema: Schema, value: Date): number => value.getTime(),
  toLogical: (_schema: Schema, ms: number | bigint): Date => new Date(Number(ms)),
};
