/**
 * Kafka's default OAUTHBEARER validator (OAuthBearerUnsecuredValidatorCallbackHandler), for
 * development only: the token is an unsecured JWS (header alg "none", empty signature), so anyone
 * can mint one for any principal. Options from the listener's OAUTHBEARER JAAS config:
 *   unsecuredValidatorPrincipalClaimName (default sub), unsecuredValidatorScopeClaimName (default
 *   scope), unsecuredValidatorRequiredScope (space-separated scopes the token must all carry),
 *   unsecuredValidatorAllowableClockSkewMs (default 0).
 * Checks as Kafka's: exp present and not passed, iat (optional) not in the future, exp after iat.
 */
import {
  isoSeconds,
  principalOf,
  scopeOf,
  TokenValidationError,
  type TokenValidator,
  type ValidatedToken,
} from './token-validator.js';

export interface UnsecuredValidatorOptions {
  readonly principalClaimName: string;
  readonly scopeClaimName: string;
  readonly requiredScope: readonly string[];
  readonly allowableClockSkewMs: number;
}

/** The validator's options from the JAAS login module options; throws Error with a clear message. */
export function unsecuredValidatorOptions(jaas: ReadonlyMap<string, string>): UnsecuredValidatorOptions {
  const skewText = jaas.get('unsecuredValidatorAllowableClockSkewMs') ?? '0';
  const skew = Number(skewText);
  if (!Number.isInteger(skew) || skew < 0) {
    throw new Error(`unsecuredValidatorAllowableClockSkewMs must be a non-negative integer, got '${skewText}'`);
  }
  return {
    principalClaimName: jaas.get('unsecuredValidatorPrincipalClaimName')?.trim() || 'sub',
    scopeClaimName: jaas.get('unsecuredValidatorScopeClaimName')?.trim() || 'scope',
    requiredScope: (jaas.get('unsecuredValidatorRequiredScope') ?? '').split(' ').filter((s) => s !== ''),
    allowableClockSkewMs: skew,
  };
}

function decodePart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenValidationError(`the token's ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenValidationError(`the token's ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function numericClaim(payload: Record<string, unknown>, name: string, required: boolean): number | undefined {
  const v = payload[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TokenValidationError(
      v === undefined ? `the token has no ${name} claim` : `the ${name} claim must be a number`,
    );
  }
  return v;
}

export class UnsecuredValidator implements TokenValidator {
  constructor(private readonly options: UnsecuredValidatorOptions) {}

  async validate(token: string, nowMs: number): Promise<ValidatedToken> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new TokenValidationError('the token is not a JWS (header.payload.signature)');
    const header = decodePart(parts[0] as string, 'header');
    if (header.alg !== 'none') {
      throw new TokenValidationError(
        `an unsecured token must have alg "none" in its header, got ${JSON.stringify(header.alg)}`,
      );
    }
    if (parts[2] !== '') throw new TokenValidationError('an unsecured token must have an empty signature');
    const payload = decodePart(parts[1] as string, 'payload');
    const o = this.options;
    const principal = principalOf(payload, o.principalClaimName);
    const exp = numericClaim(payload, 'exp', true) as number;
    const iat = numericClaim(payload, 'iat', false);
    if (iat !== undefined && iat * 1000 > nowMs + o.allowableClockSkewMs) {
      throw new TokenValidationError(`the token was issued in the future (iat ${isoSeconds(iat)})`);
    }
    if (nowMs >= exp * 1000 + o.allowableClockSkewMs) {
      throw new TokenValidationError(`the token expired at ${isoSeconds(exp)}`);
    }
    if (iat !== undefined && exp <= iat) {
      throw new TokenValidationError(
        `the token expires (${isoSeconds(exp)}) before it was issued (${isoSeconds(iat)})`,
      );
    }
    const scope = scopeOf(payload[o.scopeClaimName], o.scopeClaimName);
    const missing = o.requiredScope.filter((s) => !scope.includes(s));
    if (missing.length > 0) {
      throw new TokenValidationError(
        `the token's scope lacks the required ${missing.join(' ')}`,
        'insufficient_scope',
        o.requiredScope.join(' '),
      );
    }
    return { principal, scope, expiresAtMs: exp * 1000 };
  }
}
