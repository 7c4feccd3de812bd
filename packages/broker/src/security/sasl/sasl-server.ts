/**
 * The server side of one SASL mechanism, as a pure state machine: tokens in, tokens out, no I/O.
 * One instance serves one authentication exchange on one connection.
 */
export interface SaslServer {
  readonly mechanism: string;
  /**
   * Consumes the client's next token and returns the server's answer. Throws
   * SaslAuthenticationError when the client fails to authenticate or breaks the protocol.
   */
  evaluate(token: Buffer): Buffer;
  readonly complete: boolean;
  /** The authenticated user name, once complete. */
  readonly authorizationId: string | undefined;
}

/** A failed authentication; `message` is what the client is told (Kafka's wording). */
export class SaslAuthenticationError extends Error {
  override readonly name = 'SaslAuthenticationError';
}
