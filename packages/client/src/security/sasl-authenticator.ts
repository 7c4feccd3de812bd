/**
 * SASL for @samsa/client connections: SaslHandshake v1 then SaslAuthenticate rounds, with PLAIN,
 * SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER. The option shape follows KafkaJS's
 * (`sasl: { mechanism: 'scram-sha-256', username, password }`,
 * `sasl: { mechanism: 'oauthbearer', oauthBearerProvider }`), familiar to Node users; mechanism
 * names are accepted in either case. Returns the session lifetime the broker grants (KIP-368) so
 * the connection can re-authenticate before it ends — for OAUTHBEARER, with a new token from the
 * provider, before the old one expires.
 */
import { ApiKey, ErrorCode, KafkaError } from '@samsa/protocol';
import { ClientError } from '../errors.js';
import type { Authenticator } from '../network/connection.js';
import { clientInitialResponse, ERROR_ACK, type OAuthBearerProvider } from './oauthbearer/oauthbearer-client.js';
import { ScramClient } from './scram-client.js';

export type SaslMechanismName = 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer';
type Spelled<M extends string> = M | Uppercase<M>;

export interface PasswordSaslOptions {
  mechanism: Spelled<'plain' | 'scram-sha-256' | 'scram-sha-512'>;
  username: string;
  password: string;
}

export interface OAuthBearerSaslOptions {
  mechanism: Spelled<'oauthbearer'>;
  /** Called for every (re-)authentication; returns a token valid for a while yet. */
  oauthBearerProvider: OAuthBearerProvider;
}

export type SaslOptions = PasswordSaslOptions | OAuthBearerSaslOptions;

const WIRE_NAMES: Record<SaslMechanismName, string> = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
  oauthbearer: 'OAUTHBEARER',
};

function mechanismOf(o: SaslOptions | undefined): SaslMechanismName {
  const m = typeof o?.mechanism === 'string' ? o.mechanism.toLowerCase() : undefined;
  if (m === undefined || !(m in WIRE_NAMES)) {
    throw new ClientError(
      'INVALID_CONFIG',
      `sasl.mechanism must be one of ${Object.keys(WIRE_NAMES).join(', ')}, got ${String(o?.mechanism)}`,
    );
  }
  return m as SaslMechanismName;
}

export function validateSasl(o: SaslOptions): void {
  const m = mechanismOf(o);
  if (m === 'oauthbearer') {
    if (typeof (o as OAuthBearerSaslOptions).oauthBearerProvider !== 'function') {
      throw new ClientError('INVALID_CONFIG', 'sasl mechanism oauthbearer needs an oauthBearerProvider function');
    }
    return;
  }
  const p = o as PasswordSaslOptions;
  if (typeof p.username !== 'string' || p.username === '' || typeof p.password !== 'string' || p.password === '') {
    throw new ClientError('INVALID_CONFIG', 'sasl needs a non-empty username and password');
  }
}

export function saslAuthenticator(o: SaslOptions): Authenticator {
  validateSasl(o);
  const name = mechanismOf(o);
  const mechanism = WIRE_NAMES[name];
  return async (ctx) => {
    const hs = await ctx.request(ApiKey.SaslHandshake, { mechanism }, { maxVersion: 1 });
    if (hs.errorCode === ErrorCode.UNSUPPORTED_SASL_MECHANISM) {
      throw new KafkaError(
        hs.errorCode,
        `${ctx.host}:${ctx.port} does not offer SASL mechanism ${mechanism} (enabled: ${hs.mechanisms.join(', ')})`,
      );
    }
    if (hs.errorCode !== 0) throw new KafkaError(hs.errorCode, `SaslHandshake failed on ${ctx.host}:${ctx.port}`);
    const round = async (authBytes: Buffer) => {
      const res = await ctx.request(ApiKey.SaslAuthenticate, { authBytes });
      if (res.errorCode !== 0) throw new KafkaError(res.errorCode, res.errorMessage);
      return res;
    };
    if (name === 'oauthbearer') {
      const token = await (o as OAuthBearerSaslOptions).oauthBearerProvider();
      if (typeof token?.value !== 'string' || token.value === '') {
        throw new ClientError('SASL_AUTHENTICATION_FAILED', 'oauthBearerProvider returned no token value');
      }
      const res = await round(clientInitialResponse(token));
      if (res.authBytes.length > 0) {
        // An error challenge: acknowledge it; the broker answers SASL_AUTHENTICATION_FAILED (thrown by round).
        await round(ERROR_ACK);
        throw new ClientError('SASL_AUTHENTICATION_FAILED', `token refused: ${res.authBytes.toString('utf8')}`);
      }
      return { sessionLifetimeMs: Number(res.sessionLifetimeMs) };
    }
    const p = o as PasswordSaslOptions;
    if (name === 'plain') {
      const res = await round(Buffer.from(`\u0000${p.username}\u0000${p.password}`, 'utf8'));
      return { sessionLifetimeMs: Number(res.sessionLifetimeMs) };
    }
    const scram = new ScramClient(name === 'scram-sha-256' ? 'sha256' : 'sha512', p.username, p.password);
    const first = await round(scram.clientFirst());
    const final = await round(scram.clientFinal(first.authBytes));
    scram.verifyServerFinal(final.authBytes);
    return { sessionLifetimeMs: Number(final.sessionLifetimeMs) };
  };
}
