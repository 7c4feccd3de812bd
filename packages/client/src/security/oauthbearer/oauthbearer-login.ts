/**
 * The token provider a Kafka client configuration describes (OAuthBearerLoginModule in
 * sasl.jaas.config): with sasl.login.callback.handler.class naming Kafka's
 * OAuthBearerLoginCallbackHandler, an OIDC client-credentials login against
 * sasl.oauthbearer.token.endpoint.url (JAAS options clientId, clientSecret, scope); without it,
 * Kafka's default unsecured login (unsecuredLogin* options). Shared by the tools'
 * --command-config and the broker's own inter-broker client.
 */
import { ClientError } from '../../errors.js';
import { clientCredentialsProvider } from './client-credentials.js';
import type { OAuthBearerProvider } from './oauthbearer-client.js';
import { unsecuredJws } from './unsecured-token.js';

export const OIDC_LOGIN_HANDLERS: readonly string[] = [
  'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
  'org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerLoginCallbackHandler',
];

export interface OAuthBearerLoginConfig {
  /** sasl.login.callback.handler.class */
  loginCallbackHandlerClass: string | null;
  /** sasl.oauthbearer.token.endpoint.url */
  tokenEndpointUrl: string | null;
  /** The options of the OAuthBearerLoginModule in sasl.jaas.config. */
  jaasOptions: ReadonlyMap<string, string>;
}

/** Throws ClientError INVALID_CONFIG naming what is missing. */
export function oauthBearerLoginProvider(c: OAuthBearerLoginConfig): OAuthBearerProvider {
  const handler = c.loginCallbackHandlerClass?.trim() || null;
  if (handler !== null && OIDC_LOGIN_HANDLERS.includes(handler)) {
    const clientId = c.jaasOptions.get('clientId');
    const clientSecret = c.jaasOptions.get('clientSecret');
    if (!c.tokenEndpointUrl) {
      throw new ClientError('INVALID_CONFIG', `${handler} needs sasl.oauthbearer.token.endpoint.url`);
    }
    if (!clientId || !clientSecret) {
      throw new ClientError(
        'INVALID_CONFIG',
        `${handler} needs clientId="..." and clientSecret="..." in sasl.jaas.config`,
      );
    }
    const scope = c.jaasOptions.get('scope');
    return clientCredentialsProvider({
      tokenEndpointUrl: c.tokenEndpointUrl,
      clientId,
      clientSecret,
      ...(scope ? { scope } : {}),
    });
  }
  if (handler !== null && !handler.endsWith('OAuthBearerUnsecuredLoginCallbackHandler')) {
    throw new ClientError(
      'INVALID_CONFIG',
      `sasl.login.callback.handler.class ${handler} is not supported (use ${OIDC_LOGIN_HANDLERS[0]} or leave it unset for an unsecured login)`,
    );
  }
  unsecuredJws(c.jaasOptions); // fails now, not at the first connection, when the options are unusable
  return () => ({ value: unsecuredJws(c.jaasOptions) });
}
