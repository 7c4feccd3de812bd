/**
 * SASL/OAUTHBEARER on the server side (Kafka's SaslConfigs, KIP-768): which validator checks
 * tokens (sasl.server.callback.handler.class) and the secured validator's JWKS, issuer, audience,
 * claim names and clock skew. Each may be given per listener and mechanism too, as
 * listener.name.<l>.oauthbearer.<key>. The unsecured validator takes its options from the JAAS
 * config instead (unsecuredValidator*), as Kafka's does. Also the broker's own OAUTHBEARER login to
 * other brokers (sasl.login.callback.handler.class, sasl.oauthbearer.token.endpoint.url).
 */
import type { BrokerConfigKey } from '../broker-config-key.js';

export const OAUTHBEARER_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'sasl.server.callback.handler.class',
    type: 'CLASS',
    default: null,
    importance: 'MEDIUM',
    doc: "SASL server callback handler; for OAUTHBEARER, Kafka's OAuthBearerValidatorCallbackHandler selects the JWKS-based validator (KIP-768), unset selects the unsecured one.",
  },
  {
    name: 'sasl.oauthbearer.jwks.endpoint.url',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Where the JWKS with the keys that sign tokens is: an http(s) URL of the identity provider, or a file: URL.',
  },
  {
    name: 'sasl.oauthbearer.jwks.endpoint.refresh.ms',
    type: 'LONG',
    default: '3600000',
    importance: 'LOW',
    doc: 'How long a fetched JWKS is used before it is fetched again (a token with an unknown kid fetches it sooner).',
  },
  {
    name: 'sasl.oauthbearer.jwks.endpoint.retry.backoff.ms',
    type: 'LONG',
    default: '100',
    importance: 'LOW',
    doc: 'Accepted for compatibility; fetch failures are retried on the next authentication.',
  },
  {
    name: 'sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms',
    type: 'LONG',
    default: '10000',
    importance: 'LOW',
    doc: 'Accepted for compatibility; fetch failures are retried on the next authentication.',
  },
  {
    name: 'sasl.oauthbearer.expected.audience',
    type: 'LIST',
    default: null,
    importance: 'LOW',
    doc: 'Audiences the token must name (any one of them) in its aud claim; unset means aud is not checked.',
  },
  {
    name: 'sasl.oauthbearer.expected.issuer',
    type: 'STRING',
    default: null,
    importance: 'LOW',
    doc: 'The issuer the token must name in its iss claim; unset means iss is not checked.',
  },
  {
    name: 'sasl.oauthbearer.sub.claim.name',
    type: 'STRING',
    default: 'sub',
    importance: 'LOW',
    doc: 'Claim holding the principal name (User:<value>).',
  },
  {
    name: 'sasl.oauthbearer.scope.claim.name',
    type: 'STRING',
    default: 'scope',
    importance: 'LOW',
    doc: 'Claim holding the scopes (a space-separated string or a list).',
  },
  {
    name: 'sasl.oauthbearer.clock.skew.seconds',
    type: 'INT',
    default: '30',
    importance: 'LOW',
    doc: 'Clock difference with the identity provider tolerated when checking exp, nbf and iat.',
  },

  {
    name: 'sasl.login.callback.handler.class',
    type: 'CLASS',
    default: null,
    importance: 'MEDIUM',
    doc: "The broker's own login as a client of other brokers; Kafka's OAuthBearerLoginCallbackHandler selects the OIDC client-credentials login for OAUTHBEARER.",
  },
  {
    name: 'sasl.oauthbearer.token.endpoint.url',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: "The identity provider's token endpoint, for the broker's OIDC login to other brokers.",
  },
];
