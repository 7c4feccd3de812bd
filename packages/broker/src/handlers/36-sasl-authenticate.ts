/**
 * SaslAuthenticate (key 36), v0-2.
 * - Carries one token of the mechanism chosen by SaslHandshake v1 and answers the server's token.
 *   When the exchange completes the connection is authenticated as User:<name>; v1+ answer the
 *   session lifetime (connections.max.reauth.ms, KIP-368; 0 when sessions do not expire).
 * - A failed authentication answers SASL_AUTHENTICATION_FAILED with the mechanism's message after
 *   connection.failed.authentication.delay.ms (slowing password guessing), then closes.
 * - The mechanism may answer asynchronously (OAUTHBEARER validating a token against a JWKS).
 * - On a listener without SASL, or with no exchange in progress: ILLEGAL_SASL_STATE.
 */
import { defaultSaslAuthenticateResponse, ErrorCode, type SaslAuthenticateResponse } from '@samsa/protocol';
import type { KafkaPrincipal } from '../security/kafka-principal.js';
import { defineHandler } from './handler.js';

function failed(code: number, message: string | null): SaslAuthenticateResponse {
  const r = defaultSaslAuthenticateResponse();
  r.errorCode = code;
  r.errorMessage = message;
  return r;
}

export default defineHandler({
  apiKey: 36,
  minVersion: 0,
  maxVersion: 2,
  async handle(ctx, request) {
    const sasl = ctx.connection.sasl;
    if (!sasl || sasl.stage !== 'authenticate') {
      return failed(ErrorCode.ILLEGAL_SASL_STATE, 'SaslAuthenticate request received outside a SASL exchange');
    }
    const outcome = await sasl.authenticate(request.authBytes);
    if (!outcome.ok) {
      ctx.logger.info(
        { client: ctx.connection.remoteAddress, listener: ctx.connection.listener, reason: outcome.message },
        'failed authentication',
      );
      // Nothing more is read from this client; the answer goes out after the delay, then it closes.
      ctx.connection.closeAfterResponses(outcome.message);
      return new Promise<SaslAuthenticateResponse>((resolve) => {
        setTimeout(
          () => resolve(failed(ErrorCode.SASL_AUTHENTICATION_FAILED, outcome.message)),
          sasl.settings.failedAuthDelayMs,
        );
      });
    }
    if (outcome.complete) ctx.connection.authenticated(sasl.principal as KafkaPrincipal);
    const r = defaultSaslAuthenticateResponse();
    r.errorMessage = null;
    r.authBytes = outcome.response;
    r.sessionLifetimeMs = BigInt(outcome.sessionLifetimeMs);
    return r;
  },
  errorResponse(_request, errorCode) {
    return failed(errorCode, null);
  },
});
