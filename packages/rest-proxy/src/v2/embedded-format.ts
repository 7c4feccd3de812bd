/**
 * REST Proxy v2's embedded formats (`application/vnd.kafka.<format>.v2+json`): `binary` carries
 * keys and values as base64 strings, `json` as JSON values (written as their JSON text); `avro` and
 * `jsonschema` go through the Schema Registry (schema-formats.ts). Protobuf is not served yet.
 */
import { HttpError } from '@samsa/common/http';

export type EmbeddedFormat = 'binary' | 'json' | 'avro' | 'jsonschema';
const FORMATS: readonly string[] = ['binary', 'json', 'avro', 'jsonschema'];

export const V2_CONTENT_TYPE = 'application/vnd.kafka.v2+json';

/** The embedded format a content type names; null for a plain v2 or JSON type. */
export function formatOf(contentType: string | undefined): EmbeddedFormat | null | 'unsupported' {
  const m = /application\/vnd\.kafka(?:\.([a-z]+))?\.v2\+json/.exec(contentType ?? '');
  if (m === null || m[1] === undefined) return null;
  return FORMATS.includes(m[1]) ? (m[1] as EmbeddedFormat) : 'unsupported';
}

export function encode(format: 'binary' | 'json', data: unknown, what: string): Buffer | null {
  if (data === undefined || data === null) return null;
  if (format === 'json') return Buffer.from(JSON.stringify(data));
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data))
    throw new HttpError(422, `${what} is not base64 binary data`, 42205);
  return Buffer.from(data, 'base64');
}

export function decode(format: 'binary' | 'json', bytes: Buffer | null): unknown {
  if (bytes === null) return null;
  if (format === 'binary') return bytes.toString('base64');
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new HttpError(500, 'a record is not JSON: consume it with the binary format', 50002);
  }
}
