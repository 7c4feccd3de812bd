/**
 * REST Proxy v2's embedded formats (`application/vnd.kafka.<format>.v2+json`): `binary` carries
 * keys and values as base64 strings, `json` as JSON values (written as their JSON text). Schema
 * formats (avro, jsonschema, protobuf) are not served yet.
 */
import { HttpError } from '@samsa/common/http';

export type EmbeddedFormat = 'binary' | 'json';

export const V2_CONTENT_TYPE = 'application/vnd.kafka.v2+json';

/** The embedded format a content type names; null for a plain v2 or JSON type. */
export function formatOf(contentType: string | undefined): EmbeddedFormat | null | 'unsupported' {
  const m = /application\/vnd\.kafka(?:\.([a-z]+))?\.v2\+json/.exec(contentType ?? '');
  if (m === null || m[1] === undefined) return null;
  return m[1] === 'binary' || m[1] === 'json' ? m[1] : 'unsupported';
}

export function encode(format: EmbeddedFormat, data: unknown, what: string): Buffer | null {
  if (data === undefined || data === null) return null;
  if (format === 'json') return Buffer.from(JSON.stringify(data));
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data))
    throw new HttpError(422, `${what} is not base64 binary data`, 42205);
  return Buffer.from(data, 'base64');
}

export function decode(format: EmbeddedFormat, bytes: Buffer | null): unknown {
  if (bytes === null) return null;
  if (format === 'binary') return bytes.toString('base64');
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new HttpError(500, 'a record is not JSON: consume it with the binary format', 50002);
  }
}
