/**
 * The client side of SASL/OAUTHBEARER (RFC 7628), as Kafka's OAuthBearerSaslClient: one message
 * carrying the token (`n,,^Aauth=Bearer <token>^A[key=value^A]...^A`); an empty answer means
 * success. A non-empty answer is the server's JSON error challenge, which the client acknowledges
 * with a lone ^A; the server then fails the exchange with SASL_AUTHENTICATION_FAILED.
 */

/** What an oauthBearerProvider returns (KafkaJS's shape): the token, and optional SASL extensions (KIP-342). */
export interface OAuthBearerToken {
  value: string;
  extensions?: Record<string, string>;
}

export type OAuthBearerProvider = () => Promise<OAuthBearerToken> | OAuthBearerToken;

const SEP = '\u0001';

export function clientInitialResponse(token: OAuthBearerToken): Buffer {
  let body = `n,,${SEP}auth=Bearer ${token.value}${SEP}`;
  for (const [k, v] of Object.entries(token.extensions ?? {})) {
    if (k === 'auth' || !/^[A-Za-z]+$/.test(k)) throw new Error(`invalid OAUTHBEARER extension name '${k}'`);
    body += `${k}=${v}${SEP}`;
  }
  return Buffer.from(`${body}${SEP}`, 'utf8');
}

/** The acknowledgement of an error challenge (RFC 7628 §3.2.3). */
export const ERROR_ACK = Buffer.from([0x01]);
