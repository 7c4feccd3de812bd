/**
 * What an OAUTHBEARER validator does with a token (Kafka's OAuthBearerValidatorCallback): either
 * a validated token — the principal, its scopes and its lifetime — or a TokenValidationError
 * whose status goes back to the client in RFC 7628's JSON error challenge and whose message says
 * why (logged, and told to the client in the final SASL_AUTHENTICATION_FAILED).
 */

export interface ValidatedToken {
  /** The principal name (the sub claim, or the configured claim). */
  readonly principal: string;
  readonly scope: readonly string[];
  /** The exp claim, in ms since the epoch: the session ends there (bounded by connections.max.reauth.ms). */
  readonly expiresAtMs: number;
}

export interface TokenValidator {
  /** Resolves to the validated token; rejects with TokenValidationError. */
  validate(token: string, nowMs: number): Promise<ValidatedToken>;
}

/** RFC 7628 §3.2.2 status values Kafka sends. */
export type OAuthErrorStatus = 'invalid_token' | 'insufficient_scope';

export class TokenValidationError extends Error {
  override readonly name = 'TokenValidationError';
  constructor(
    message: string,
    readonly status: OAuthErrorStatus = 'invalid_token',
    /** For insufficient_scope: the scope that was required. */
    readonly scope?: string,
  ) {
    super(message);
  }
}

/** The scopes of a scope claim: a space-separated string or a list of strings. */
export function scopeOf(claim: unknown, claimName: string): string[] {
  if (claim === undefined || claim === null) return [];
  if (typeof claim === 'string') return claim.split(' ').filter((s) => s !== '');
  if (Array.isArray(claim) && claim.every((s) => typeof s === 'string')) return claim as string[];
  throw new TokenValidationError(`the ${claimName} claim must be a string or a list of strings`);
}

/** The principal claim, which must be a non-empty string. */
export function principalOf(payload: Record<string, unknown>, claimName: string): string {
  const v = payload[claimName];
  if (typeof v !== 'string' || v.trim() === '') {
    throw new TokenValidationError(`the token has no ${claimName} claim (a non-empty string naming the principal)`);
  }
  return v.trim();
}

export function isoSeconds(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString();
}
