/**
 * SaslHandshake (key 17), v0-1.
 * - On a SASL listener: picks the mechanism for the exchange that follows (v1: SaslAuthenticate
 *   requests; v0: raw size-prefixed tokens, the pre-KIP-152 framing). A mechanism that is not
 *   enabled gets UNSUPPORTED_SASL_MECHANISM with the enabled list, then the connection closes.
 * - On an authenticated connection, v1 starts a re-authentication (KIP-368).
 * - On a listener without SASL: ILLEGAL_SASL_STATE, as Kafka's KafkaApis answers.
 */
import { defaultSaslHandshakeResponse, ErrorCode } from '@samsa/protocol';
import { SaslStateError } from '../security/sasl/sasl-session.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 17,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const r = defaultSaslHandshakeResponse();
    const sasl = ctx.connection.sasl;
    if (!sasl) {
      r.errorCode = ErrorCode.ILLEGAL_SASL_STATE;
      return r;
    }
    r.mechanisms = [...sasl.settings.enabledMechanisms];
    let accepted: boolean;
    try {
      accepted = sasl.handshake(request.mechanism, ctx.apiVersion);
    } catch (err) {
      if (!(err instanceof SaslStateError)) throw err;
      r.errorCode = ErrorCode.ILLEGAL_SASL_STATE;
      ctx.connection.closeAfterResponses(err.message);
      return r;
    }
    if (!accepted) {
      r.errorCode = ErrorCode.UNSUPPORTED_SASL_MECHANISM;
      ctx.connection.closeAfterResponses(`Unsupported SASL mechanism ${request.mechanism}`);
    }
    return r;
  },
  errorResponse(_request, errorCode) {
    const r = defaultSaslHandshakeResponse();
    r.errorCode = errorCode;
    return r;
  },
});
