/**
 * The server side of one SASL mechanism, as a pure state machine: tokens in, tokens out, no I/O.
 * One instance serves one authentication exchange on one connection.
 */
export interface SaslServer {
  readonly mechanism: string;
  /**
   * Consumes the client's next token and returns the server's answer. Throws
   * SaslAuthenticationError (or rejects with it) when the client fails to authenticate or breaks
   * the protocol. Asynchronous for mechanisms that may need I/O (OAUTHBEARER fetches a JWKS).
   */
  evaluate(token: Buffer): Buffer | Promise<Buffer>;
  readonly complete: boolean;
  /** The authenticated user name, once complete. */
  readonly authorizationId: string | undefined;
  /**
   * When the credential itself ends (ms since the epoch), once complete: an OAUTHBEARER token's
   * exp. The session then ends there, or sooner by connections.max.reauth.ms (KIP-368).
   */
  readonly credentialExpiresAtMs?: number | undefined;
}

/** A failed authentication; `message` is what the client is told (Kafka's wording). */
export class SaslAuthenticationError extends Error {
  override readonly name = 'SaslAuthenticationError';
}
