/**
 * Errors of the schema-aware serializers: `RegistryClientError` carries the registry's HTTP status
 * and Confluent error code (40401, 40403, 409, ...) so callers branch as with Confluent's clients;
 * `SerializationError` is a value that cannot be framed, encoded or decoded.
 */
export class RegistryClientError extends Error {
  override readonly name = 'RegistryClientError';
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class SerializationError extends Error {
  override readonly name = 'SerializationError';
  readonly code = 'SERIALIZATION';
}
