/**
 * Errors of the streams library. Each carries a `code` from a fixed union, named after the Kafka
 * Streams exception it stands for, so callers branch on the code, not the message.
 */
export type StreamsErrorCode =
  /** TopologyException: a topology that cannot be built (unknown parent, duplicate name, no sources). */
  | 'TOPOLOGY'
  /** A state store that is unknown or not connected to the calling processor. */
  | 'STATE_STORE'
  /** SerializationException: a key or value that a serde could not (de)serialize. */
  | 'SERIALIZATION'
  /** IllegalStateException: a call in the wrong lifecycle state (start twice, use after close). */
  | 'ILLEGAL_STATE'
  /** StreamsException: processing failed; the cause is attached. */
  | 'PROCESSING'
  /** IllegalArgumentException: an invalid argument (a window size, a retention shorter than size plus grace). */
  | 'ILLEGAL_ARGUMENT'
  /** A topic the topology does not read or write (the test driver's IllegalArgumentException). */
  | 'UNKNOWN_TOPIC'
  /** The state directory is locked by another instance (Kafka's "Unable to initialize state"). */
  | 'STATE_DIR_LOCKED';

export class StreamsError extends Error {
  readonly code: StreamsErrorCode;
  constructor(code: StreamsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StreamsError';
    this.code = code;
  }
}

export const topologyError = (message: string): StreamsError => new StreamsError('TOPOLOGY', message);
