/**
 * Kafka's unsecured OAUTHBEARER login (OAuthBearerUnsecuredLoginCallbackHandler), for
 * development: the client mints its own unsigned JWS (alg none) from its JAAS options:
 *   unsecuredLoginStringClaim_<name>="value", unsecuredLoginNumberClaim_<name>="1",
 *   unsecuredLoginListClaim_<name>=",a,b" (the first character is the separator),
 *   unsecuredLoginPrincipalClaimName (default sub), unsecuredLoginLifetimeSeconds (default 3600),
 *   unsecuredLoginScopeClaimName (default scope).
 * iat and exp are set from the clock; the principal claim is required.
 */
import { ClientError } from '../../errors.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');

export function unsecuredJws(options: ReadonlyMap<string, string>, nowMs = Date.now()): string {
  const claims: Record<string, unknown> = {};
  for (const [k, v] of options) {
    if (k.startsWith('unsecuredLoginStringClaim_')) claims[k.slice('unsecuredLoginStringClaim_'.length)] = v;
    else if (k.startsWith('unsecuredLoginNumberClaim_')) {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new ClientError('INVALID_CONFIG', `${k} must be a number, got '${v}'`);
      claims[k.slice('unsecuredLoginNumberClaim_'.length)] = n;
    } else if (k.startsWith('unsecuredLoginListClaim_')) {
      claims[k.slice('unsecuredLoginListClaim_'.length)] = v.length === 0 ? [] : v.slice(1).split(v[0] as string);
    }
  }
  const principalClaim = options.get('unsecuredLoginPrincipalClaimName') ?? 'sub';
  if (typeof claims[principalClaim] !== 'string' || claims[principalClaim] === '') {
    throw new ClientError(
      'INVALID_CONFIG',
      `an unsecured OAUTHBEARER login needs unsecuredLoginStringClaim_${principalClaim}="<principal>" in sasl.jaas.config`,
    );
  }
  const lifetime = Number(options.get('unsecuredLoginLifetimeSeconds') ?? 3600);
  if (!Number.isFinite(lifetime) || lifetime <= 0) {
    throw new ClientError('INVALID_CONFIG', 'unsecuredLoginLifetimeSeconds must be a positive number');
  }
  const iat = nowMs / 1000;
  claims.iat = iat;
  claims.exp = iat + lifetime;
  return `${b64({ alg: 'none' })}.${b64(claims)}.`;
}
