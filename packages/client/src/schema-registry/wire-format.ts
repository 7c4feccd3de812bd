/**
 * Confluent's wire format for schema-registry-encoded values: magic byte 0, the schema id as a
 * big-endian int32, then the serialized payload (Protobuf adds its message indexes before the
 * payload; not built yet).
 */
import { SerializationError } from './errors.js';

export const MAGIC_BYTE = 0;

export function frame(schemaId: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + payload.length);
  out[0] = MAGIC_BYTE;
  out.writeInt32BE(schemaId, 1);
  payload.copy(out, 5);
  return out;
}

export function unframe(data: Buffer): { schemaId: number; payload: Buffer } {
  if (data.length < 5) throw new SerializationError(`a framed value has at least 5 bytes, got ${data.length}`);
  if (data[0] !== MAGIC_BYTE) throw new SerializationError(`unknown magic byte ${data[0]}`);
  return { schemaId: data.readInt32BE(1), payload: data.subarray(5) };
}
