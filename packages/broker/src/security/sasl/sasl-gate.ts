/**
 * What a SASL listener lets through before and between authentications (Kafka's
 * SaslServerAuthenticator): before a handshake only ApiVersions and SaslHandshake; after a v1
 * handshake only SaslAuthenticate; after a v0 handshake raw size-prefixed tokens (legacy,
 * pre-KIP-152 clients). Anything else closes the connection: no error code can be sent to a
 * client that has not authenticated. Once the session lifetime (KIP-368) is over, every request
 * but a SaslHandshake that starts a re-authentication closes the connection too.
 */
import { ApiKey } from '@samsa/protocol';
import type { Connection, ResponseChunks } from '../../network/connection.js';
import type { KafkaPrincipal } from '../kafka-principal.js';
import { type SaslSession, SaslStateError } from './sasl-session.js';

const BEFORE_HANDSHAKE: ReadonlySet<number> = new Set([ApiKey.ApiVersions, ApiKey.SaslHandshake]);

/** Throws SaslStateError (the dispatcher closes the connection) for a request out of place. */
export function gateSaslRequest(sasl: SaslSession, apiKey: number, now: number): void {
  if (sasl.stage === 'handshake' && !BEFORE_HANDSHAKE.has(apiKey)) {
    throw new SaslStateError(`Unexpected Kafka request of type ${apiKey} during SASL handshake.`);
  }
  if (sasl.stage === 'authenticate' && apiKey !== ApiKey.SaslAuthenticate && !sasl.authenticated) {
    throw new SaslStateError(`Unexpected Kafka request of type ${apiKey} during SASL authentication.`);
  }
  if (sasl.authenticated && sasl.expired(now) && apiKey !== ApiKey.SaslHandshake) {
    throw new SaslStateError('SASL session expired (connections.max.reauth.ms) without re-authentication');
  }
}

/**
 * A raw token after a v0 handshake: evaluated, and answered with a size-prefixed raw token. A
 * failure cannot be reported in this framing, so the connection closes after the configured delay.
 */
export async function legacySaslToken(conn: Connection, sasl: SaslSession, token: Buffer): Promise<ResponseChunks> {
  const outcome = await sasl.authenticate(token);
  if (!outcome.ok) {
    conn.closeAfterResponses(outcome.message);
    return new Promise((resolve) => setTimeout(() => resolve(null), sasl.settings.failedAuthDelayMs));
  }
  if (outcome.complete) conn.authenticated(sasl.principal as KafkaPrincipal);
  const size = Buffer.alloc(4);
  size.writeInt32BE(outcome.response.length);
  return [size, outcome.response];
}
