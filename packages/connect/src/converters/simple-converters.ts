/**
 * Kafka's org.apache.kafka.connect.storage.StringConverter and
 * org.apache.kafka.connect.converters.ByteArrayConverter. StringConverter writes any value's text
 * (UTF-8, or `converter.encoding`) and reads bytes as an optional string; ByteArrayConverter
 * passes bytes through and refuses anything that is not bytes, as Kafka's does.
 */
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { type Schema, Schemas } from '../api/data/schema.js';
import { DataError } from '../api/errors.js';
import type { Converter, HeaderConverter, SchemaAndValue } from '../api/plugins.js';

const STRING_CONFIG = new ConnectConfigDef([
  {
    name: 'converter.encoding',
    type: 'STRING',
    default: 'UTF8',
    importance: 'HIGH',
    doc: 'The name of the Java character set to use for encoding strings as byte arrays.',
  },
  {
    name: 'converter.type',
    type: 'STRING',
    default: 'value',
    importance: 'LOW',
    doc: 'How this converter will be used.',
  },
]);

/** Java charset names to Node's. */
function encodingOf(name: string): BufferEncoding {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  if (n === 'utf8') return 'utf8';
  if (n === 'iso88591' || n === 'latin1') return 'latin1';
  if (n === 'usascii' || n === 'ascii') return 'ascii';
  if (n === 'utf16le') return 'utf16le';
  throw new DataError(`Unsupported converter.encoding: ${name}`);
}

export class StringConverter implements Converter, HeaderConverter {
  private encoding: BufferEncoding = 'utf8';

  config(): ConnectConfigDef {
    return STRING_CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    this.encoding = encodingOf(props['converter.encoding'] ?? props['serializer.encoding'] ?? 'UTF8');
  }

  fromConnectData(_topic: string, _schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(typeof value === 'string' ? value : String(value), this.encoding);
  }

  toConnectData(_topic: string, bytes: Buffer | null): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_STRING_SCHEMA, value: bytes === null ? null : bytes.toString(this.encoding) };
  }

  fromConnectHeader(topic: string, _key: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _key: string, bytes: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, bytes);
  }
}

const EMPTY_CONFIG = new ConnectConfigDef([]);

export class ByteArrayConverter implements Converter, HeaderConverter {
  config(): ConnectConfigDef {
    return EMPTY_CONFIG;
  }

  configure(): void {}

  fromConnectData(_topic: string, schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type !== 'BYTES')
      throw new DataError(`Invalid schema type for ByteArrayConverter: ${schema.type}`);
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array))
      throw new DataError(`ByteArrayConverter is not compatible with objects of type ${typeof value}`);
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  toConnectData(_topic: string, bytes: Buffer | null): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_BYTES_SCHEMA, value: bytes };
  }

  fromConnectHeader(topic: string, _key: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _key: string, bytes: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, bytes);
  }
}
