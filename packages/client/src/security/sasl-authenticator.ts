/**
 * SASL for @samsa/client connections: SaslHandshake v1 then SaslAuthenticate rounds, with PLAIN,
 * SCRAM-SHA-256 or SCRAM-SHA-512. The option shape follows KafkaJS's
 * (`sasl: { mechanism: 'scram-sha-256', username, password }`), familiar to Node users.
 * Returns the session lifetime the broker grants (KIP-368) so the connection can re-authenticate
 * before it ends.
 */
import { ApiKey, ErrorCode, KafkaError } from '@samsa/protocol';
import { ClientError } from '../errors.js';
import type { Authenticator } from '../network/connection.js';
import { ScramClient } from './scram-client.js';

export type SaslMechanismName = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface SaslOptions {
  mechanism: SaslMechanismName;
  username: string;
  password: string;
}

const WIRE_NAMES: Record<SaslMechanismName, string> = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
};

export function validateSasl(o: SaslOptions): void {
  if (!o || !(o.mechanism in WIRE_NAMES)) {
    throw new ClientError(
      'INVALID_CONFIG',
      `sasl.mechanism must be one of ${Object.keys(WIRE_NAMES).join(', ')}, got ${String(o?.mechanism)}`,
    );
  }
  if (typeof o.username !== 'string' || o.username === '' || typeof o.password !== 'string' || o.password === '') {
    throw new ClientError('INVALID_CONFIG', 'sasl needs a non-empty username and password');
  }
}

export function saslAuthenticator(o: SaslOptions): Authenticator {
  validateSasl(o);
  const mechanism = WIRE_NAMES[o.mechanism];
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
    if (o.mechanism === 'plain') {
      const res = await round(Buffer.from(`\u0000${o.username}\u0000${o.password}`, 'utf8'));
      return { sessionLifetimeMs: Number(res.sessionLifetimeMs) };
    }
    const scram = new ScramClient(o.mechanism === 'scram-sha-256' ? 'sha256' : 'sha512', o.username, o.password);
    const first = await round(scram.clientFirst());
    const final = await round(scram.clientFinal(first.authBytes));
    scram.verifyServerFinal(final.authBytes);
    return { sessionLifetimeMs: Number(final.sessionLifetimeMs) };
  };
}
