/**
 * The other plug-in kinds a connector configuration names (Kafka's Converter, HeaderConverter,
 * Transformation, Predicate). Each is configured once with its own properties (the connector's
 * `value.converter.*`, `transforms.<alias>.*`, ... with the prefix removed) and closed at the end.
 */
import type { ConnectConfigDef } from './connect-config-def.js';
import type { Schema } from './data/schema.js';
import type { ConnectRecord, Header, SinkRecord, SourceRecord } from './records.js';

export interface SchemaAndValue {
  schema: Schema | null;
  value: unknown;
}

export interface Converter {
  /** `isKey`: this instance converts keys (Kafka's `configure(configs, isKey)`). */
  configure(props: Readonly<Record<string, string>>, isKey: boolean): void;
  fromConnectData(topic: string, schema: Schema | null, value: unknown, headers?: Header[]): Buffer | null;
  toConnectData(topic: string, bytes: Buffer | null, headers?: readonly Header[]): SchemaAndValue;
  config?(): ConnectConfigDef;
  close?(): void;
}

export interface HeaderConverter {
  configure(props: Readonly<Record<string, string>>): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectHeader(topic: string, headerKey: string, bytes: Buffer | null): SchemaAndValue;
  config?(): ConnectConfigDef;
  close?(): void;
}

/** Kafka's Transformation: a record in, a record out, or null to drop it. */
export interface Transformation<R extends ConnectRecord<R> = SourceRecord | SinkRecord> {
  configure(props: Readonly<Record<string, string>>): void;
  apply(record: R): R | null;
  config(): ConnectConfigDef;
  close?(): void;
}

/** Kafka's Predicate (KIP-585), for conditional transforms and Filter. */
export interface Predicate<R extends ConnectRecord<R> = SourceRecord | SinkRecord> {
  configure(props: Readonly<Record<string, string>>): void;
  test(record: R): boolean;
  config(): ConnectConfigDef;
  close?(): void;
}
