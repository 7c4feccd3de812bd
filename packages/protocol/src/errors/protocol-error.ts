/**
 * Raised when bytes on the wire (or on disk) cannot be decoded. It is never a Kafka error code by
 * itself: the broker maps it to a closed connection or to CORRUPT_MESSAGE, depending on where it
 * happened. Decoders throw only this, never a RangeError, so callers can tell bad input from bugs.
 */
export type ProtocolErrorCode =
  | 'TRUNCATED'
  | 'INVALID_LENGTH'
  | 'VARINT_TOO_LONG'
  | 'INVALID_VALUE'
  | 'UNSUPPORTED_VERSION'
  | 'UNKNOWN_API_KEY'
  | 'CORRUPT_RECORD'
  | 'UNSUPPORTED_COMPRESSION';

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}
