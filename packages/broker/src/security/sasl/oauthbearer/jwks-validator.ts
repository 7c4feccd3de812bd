/**
 * KIP-768's secured OAUTHBEARER validator (Kafka's OAuthBearerValidatorCallbackHandler): the
 * token is a JWS signed by the identity provider, verified with a key from its JWKS, chosen by
 * the token's kid. Checks as Kafka's (jose4j) do: a signature by an asymmetric algorithm (never
 * alg none), exp and iat present, exp/nbf/iat within sasl.oauthbearer.clock.skew.seconds,
 * iss = sasl.oauthbearer.expected.issuer and aud among sasl.oauthbearer.expected.audience when
 * set, the principal in sasl.oauthbearer.sub.claim.name.
 *
 * Signatures and JWKS handling come from `jose` (panva/jose): zero dependencies, built on
 * node:crypto/WebCrypto, audited and widely used; it selects the key by kid and alg, caches the
 * JWKS (sasl.oauthbearer.jwks.endpoint.refresh.ms) and re-fetches it at most every 30 s when a
 * token names a kid it does not hold (a rotated key), which is Kafka's behaviour too.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import {
  isoSeconds,
  principalOf,
  scopeOf,
  TokenValidationError,
  type TokenValidator,
  type ValidatedToken,
} from './token-validator.js';

/** The algorithms Kafka's jose4j accepts with keys from a JWKS (HMAC needs a shared secret, which a JWKS does not publish). */
export const JWKS_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

export interface JwksValidatorOptions {
  /** sasl.oauthbearer.jwks.endpoint.url: http:, https: or file:. */
  readonly jwksUrl: string;
  readonly refreshMs: number;
  readonly expectedAudience: readonly string[];
  readonly expectedIssuer: string | null;
  readonly subClaimName: string;
  readonly scopeClaimName: string;
  readonly clockSkewSeconds: number;
}

/** A file: JWKS, read again once it is older than refreshMs (so a rotated file is picked up). */
function fileKeySet(path: string, refreshMs: number): JWTVerifyGetKey {
  let loadedAt = -Infinity;
  let keys: JWTVerifyGetKey | undefined;
  return (header, token) => {
    if (!keys || Date.now() - loadedAt >= refreshMs) {
      let jwks: JSONWebKeySet;
      try {
        jwks = JSON.parse(readFileSync(path, 'utf8')) as JSONWebKeySet;
      } catch (err) {
        throw new TokenValidationError(`cannot read the JWKS file ${path}: ${(err as Error).message}`);
      }
      keys = createLocalJWKSet(jwks);
      loadedAt = Date.now();
    }
    return keys(header, token);
  };
}

/** The key resolver for a JWKS URL; throws Error (a configuration error) for an unusable URL. */
export function jwksKeySet(url: string, refreshMs: number): JWTVerifyGetKey {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`sasl.oauthbearer.jwks.endpoint.url is not a URL: '${url}'`);
  }
  if (parsed.protocol === 'file:') return fileKeySet(fileURLToPath(parsed), refreshMs);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`sasl.oauthbearer.jwks.endpoint.url must be an https:, http: or file: URL, got '${url}'`);
  }
  return createRemoteJWKSet(parsed, { cacheMaxAge: refreshMs, timeoutDuration: 10_000 });
}

/** jose's failures in the words a Kafka operator expects; anything unforeseen keeps jose's message. */
function reasonOf(err: unknown, o: JwksValidatorOptions, kid: string | undefined): string {
  if (err instanceof TokenValidationError) return err.message;
  if (err instanceof errors.JWTExpired) return `the token expired at ${isoSeconds(Number(err.payload.exp))}`;
  if (err instanceof errors.JWTClaimValidationFailed) {
    const p = err.payload;
    switch (err.claim) {
      case 'nbf':
        return `the token is not valid before ${isoSeconds(Number(p.nbf))}`;
      case 'iat':
        return p.iat === undefined
          ? 'the token has no iat claim'
          : `the token was issued in the future (iat ${isoSeconds(Number(p.iat))})`;
      case 'exp':
        return 'the token has no exp claim';
      case 'iss':
        return `the token's issuer ${JSON.stringify(p.iss ?? null)} is not the expected ${JSON.stringify(o.expectedIssuer)}`;
      case 'aud':
        return `the token's audience ${JSON.stringify(p.aud ?? null)} is none of the expected ${JSON.stringify(o.expectedAudience)}`;
      default:
        return `the token's ${err.claim} claim is invalid: ${err.message}`;
    }
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (err instanceof errors.JWKSNoMatchingKey) {
    return `no key in the JWKS (${o.jwksUrl}) matches the token's kid ${JSON.stringify(kid ?? null)}`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return `the token's signature algorithm is not accepted (${err.message})`;
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid)
    return `the token is not a valid JWT: ${err.message}`;
  if (err instanceof errors.JWKSTimeout) return `the JWKS could not be fetched from ${o.jwksUrl}: timed out`;
  return `the token could not be validated: ${err instanceof Error ? err.message : String(err)}`;
}

function kidOf(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      kid?: unknown;
    };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

export class JwksValidator implements TokenValidator {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwksValidatorOptions) {
    this.keys = jwksKeySet(options.jwksUrl, options.refreshMs);
  }

  async validate(token: string, nowMs: number): Promise<ValidatedToken> {
    const o = this.options;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: JWKS_ALGORITHMS,
        requiredClaims: ['exp', 'iat'],
        clockTolerance: o.clockSkewSeconds,
        currentDate: new Date(nowMs),
        ...(o.expectedIssuer !== null ? { issuer: o.expectedIssuer } : {}),
        ...(o.expectedAudience.length > 0 ? { audience: [...o.expectedAudience] } : {}),
      });
      // jose checks iat only against a maximum age; a token from the future is refused here.
      if (Number(payload.iat) > nowMs / 1000 + o.clockSkewSeconds) {
        throw new TokenValidationError(`the token was issued in the future (iat ${isoSeconds(Number(payload.iat))})`);
      }
      const principal = principalOf(payload, o.subClaimName);
      return {
        principal,
        scope: scopeOf(payload[o.scopeClaimName], o.scopeClaimName),
        expiresAtMs: Number(payload.exp) * 1000,
      };
    } catch (err) {
      throw new TokenValidationError(reasonOf(err, o, kidOf(token)));
    }
  }
}
