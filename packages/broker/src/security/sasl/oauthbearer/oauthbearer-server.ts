/**
 * SASL/OAUTHBEARER server (RFC 7628, Kafka's OAuthBearerSaslServer). One client message carries
 * the token; a valid one completes the exchange with an empty answer. An invalid one is answered
 * with RFC 7628's JSON error challenge ({"status":"invalid_token"}); the client must then send a
 * lone ^A, and that is refused with SASL_AUTHENTICATION_FAILED telling why (Kafka only says the
 * JSON; the reason helps operators and reveals no secret). The token's exp becomes the session
 * lifetime (credentialExpiresAtMs), so re-authentication (KIP-368) follows the token.
 */
import { SaslAuthenticationError, type SaslServer } from '../sasl-server.js';
import { parseClientInitialResponse } from './client-initial-response.js';
import { TokenValidationError, type TokenValidator } from './token-validator.js';

export interface OAuthBearerServerOptions {
  readonly validator: TokenValidator;
}

export class OAuthBearerServer implements SaslServer {
  readonly mechanism = 'OAUTHBEARER';
  private principal: string | undefined;
  private expiresAtMs: number | undefined;
  /** Set after an error challenge: why the token was refused, told once the client acknowledges. */
  private rejection: string | undefined;
  private busy = false;

  constructor(private readonly options: OAuthBearerServerOptions) {}

  get complete(): boolean {
    return this.principal !== undefined;
  }

  get authorizationId(): string | undefined {
    return this.principal;
  }

  get credentialExpiresAtMs(): number | undefined {
    return this.expiresAtMs;
  }

  async evaluate(token: Buffer): Promise<Buffer> {
    if (this.complete)
      throw new SaslAuthenticationError('Authentication failed: OAUTHBEARER exchange already complete');
    if (this.rejection !== undefined) {
      // RFC 7628 §3.2.3: the only valid answer to an error challenge is ^A.
      const acknowledged = token.length === 1 && token[0] === 0x01;
      throw new SaslAuthenticationError(
        `Authentication failed: ${this.rejection}${acknowledged ? '' : ' (and the client did not acknowledge the error with ^A)'}`,
      );
    }
    if (this.busy)
      throw new SaslAuthenticationError('Authentication failed: OAUTHBEARER token already being validated');
    const message = parseClientInitialResponse(token);
    this.busy = true;
    try {
      const valid = await this.options.validator.validate(message.token, Date.now());
      if (message.authorizationId !== '' && message.authorizationId !== valid.principal) {
        throw new SaslAuthenticationError(
          `Authentication failed: Client requested an authorization id (${message.authorizationId}) that is different from the token's principal name (${valid.principal})`,
        );
      }
      this.principal = valid.principal;
      this.expiresAtMs = valid.expiresAtMs;
      return Buffer.alloc(0);
    } catch (err) {
      if (!(err instanceof TokenValidationError)) throw err;
      this.rejection = err.message;
      const body: Record<string, string> = { status: err.status };
      if (err.scope !== undefined) body.scope = err.scope;
      return Buffer.from(JSON.stringify(body), 'utf8');
    } finally {
      this.busy = false;
    }
  }
}
