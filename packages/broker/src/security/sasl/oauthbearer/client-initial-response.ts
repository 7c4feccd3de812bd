/**
 * RFC 7628's OAUTHBEARER client first message, as Kafka's OAuthBearerClientInitialResponse reads
 * it: a GS2 header without channel binding, then ^A-separated key=value pairs, ending in ^A^A:
 *
 *   n,[a=<authzid>],^Aauth=Bearer <token>^A[<key>=<value>^A]...^A
 *
 * Keys other than auth are SASL extensions (KIP-342); Kafka ignores those no callback validates,
 * and so do we.
 */
import { SaslAuthenticationError } from '../sasl-server.js';

export interface ClientInitialResponse {
  readonly authorizationId: string;
  readonly token: string;
  readonly extensions: ReadonlyMap<string, string>;
}

const SEP = '\u0001';
const KEY = /^[A-Za-z]+$/;
const VALUE = /^[\x21-\x7E \t\r\n]+$/;
/** RFC 6750 b64token after a case-insensitive "Bearer" scheme. */
const AUTH = /^bearer +([-._~+/A-Za-z0-9]+=*)$/i;

function invalid(why: string): SaslAuthenticationError {
  return new SaslAuthenticationError(`Invalid OAUTHBEARER client first message: ${why}`);
}

export function parseClientInitialResponse(bytes: Buffer): ClientInitialResponse {
  const text = bytes.toString('utf8');
  const gs2 = /^n,(a=([^,]*))?,/.exec(text);
  if (!gs2) {
    throw invalid(text.startsWith('y') || text.startsWith('p') ? 'channel binding is not supported' : 'no GS2 header');
  }
  const authorizationId = (gs2[2] ?? '').replaceAll('=2C', ',').replaceAll('=3D', '=');
  const rest = text.slice(gs2[0].length);
  if (!rest.startsWith(SEP) || !rest.endsWith(SEP + SEP)) throw invalid('key/value pairs must be framed by ^A');
  const pairs = rest.slice(1, -2).split(SEP);
  let token: string | undefined;
  const extensions = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (!KEY.test(key) || !VALUE.test(value)) throw invalid(`malformed key/value pair '${key}'`);
    if (key === 'auth') {
      const m = AUTH.exec(value);
      if (!m) throw invalid('auth must be "Bearer <token>"');
      token = m[1] as string;
    } else {
      extensions.set(key, value);
    }
  }
  if (token === undefined) throw invalid('no auth=Bearer <token>');
  return { authorizationId, token, extensions };
}
