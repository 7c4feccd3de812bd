/**
 * Kafka's OIDC login (KIP-768's OAuthBearerLoginCallbackHandler): an OAuth 2 client-credentials
 * grant against sasl.oauthbearer.token.endpoint.url, with the clientId / clientSecret / scope
 * options of the JAAS config, sent as Kafka sends them (HTTP Basic authentication of the
 * URL-encoded id and secret, grant_type and scope in a form body). The answer's access_token is
 * the token; a fresh one is fetched for every (re-)authentication.
 */
import { ClientError } from '../../errors.js';
import type { OAuthBearerProvider } from './oauthbearer-client.js';

export interface ClientCredentialsOptions {
  tokenEndpointUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Bound on the whole token request (default 30 s). */
  timeoutMs?: number;
}

export function clientCredentialsProvider(o: ClientCredentialsOptions): OAuthBearerProvider {
  return async () => {
    const basic = Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString(
      'base64',
    );
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (o.scope) form.set('scope', o.scope);
    let res: Response;
    try {
      res = await fetch(o.tokenEndpointUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new ClientError(
        'SASL_AUTHENTICATION_FAILED',
        `cannot reach the token endpoint ${o.tokenEndpointUrl}: ${(err as Error).message}`,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      throw new ClientError(
        'SASL_AUTHENTICATION_FAILED',
        `the token endpoint ${o.tokenEndpointUrl} answered ${res.status}: ${text.slice(0, 200)}`,
      );
    }
    let token: unknown;
    try {
      token = (JSON.parse(text) as { access_token?: unknown }).access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      throw new ClientError(
        'SASL_AUTHENTICATION_FAILED',
        `the token endpoint ${o.tokenEndpointUrl} answered no access_token`,
      );
    }
    return { value: token };
  };
}
