/**
 * Which OAUTHBEARER validator a listener uses, read from the broker's config as Kafka does:
 * `listener.name.<l>.oauthbearer.sasl.server.callback.handler.class` (or the listener's or the
 * broker's sasl.server.callback.handler.class) naming Kafka's OAuthBearerValidatorCallbackHandler
 * selects the JWKS-based validator (KIP-768) with the sasl.oauthbearer.* keys; unset (or Kafka's
 * OAuthBearerUnsecuredValidatorCallbackHandler) selects the unsecured one, configured by the
 * unsecuredValidator* options of the listener's OAUTHBEARER JAAS config. Any other class is a
 * configuration error: we cannot load Java classes.
 */
import { ConfigError, Password, singleLoginModule } from '@samsa/common';
import type { BrokerConfig } from '../../../config/index.js';
import { listenerJaasConfig } from '../sasl-listener-config.js';
import { JwksValidator } from './jwks-validator.js';
import type { TokenValidator } from './token-validator.js';
import { UnsecuredValidator, unsecuredValidatorOptions } from './unsecured-validator.js';

const MECHANISM = 'OAUTHBEARER';

export const SECURED_HANDLERS: readonly string[] = [
  'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
  'org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerValidatorCallbackHandler',
];
export const UNSECURED_HANDLERS: readonly string[] = [
  'org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler',
];

/**
 * A key's value for this listener's OAUTHBEARER: listener.name.<l>.oauthbearer.<key>, then
 * listener.name.<l>.<key>, then the broker-wide <key>.
 */
function oauthConfig(config: BrokerConfig, listener: string, key: string): unknown {
  const perMechanism = config.listenerConfig(listener, key, MECHANISM);
  // listenerConfig falls back to the broker-wide value: a different value means it was set per mechanism.
  const same = JSON.stringify(perMechanism) === JSON.stringify(config.get(key));
  return same ? config.listenerConfig(listener, key) : perMechanism;
}

function text(v: unknown): string | null {
  if (v instanceof Password) return v.value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** The validator for `listener`; throws ConfigError naming the key at fault. */
export function oauthBearerValidator(config: BrokerConfig, listener: string): TokenValidator {
  const handlerKey = `listener.name.${listener.toLowerCase()}.oauthbearer.sasl.server.callback.handler.class`;
  const handler = text(oauthConfig(config, listener, 'sasl.server.callback.handler.class'));
  if (handler !== null && SECURED_HANDLERS.includes(handler)) {
    const get = (key: string) => oauthConfig(config, listener, key);
    const url = text(get('sasl.oauthbearer.jwks.endpoint.url'));
    if (url === null) {
      throw ConfigError.invalidValue(
        'sasl.oauthbearer.jwks.endpoint.url',
        null,
        `listener ${listener} validates OAUTHBEARER tokens with ${handler}, which needs sasl.oauthbearer.jwks.endpoint.url`,
      );
    }
    const audience = get('sasl.oauthbearer.expected.audience');
    try {
      return new JwksValidator({
        jwksUrl: url,
        refreshMs: Number(get('sasl.oauthbearer.jwks.endpoint.refresh.ms') ?? 3_600_000),
        expectedAudience: Array.isArray(audience) ? audience.map(String).filter((a) => a !== '') : [],
        expectedIssuer: text(get('sasl.oauthbearer.expected.issuer')),
        subClaimName: text(get('sasl.oauthbearer.sub.claim.name')) ?? 'sub',
        scopeClaimName: text(get('sasl.oauthbearer.scope.claim.name')) ?? 'scope',
        clockSkewSeconds: Number(get('sasl.oauthbearer.clock.skew.seconds') ?? 30),
      });
    } catch (err) {
      throw ConfigError.invalidValue('sasl.oauthbearer.jwks.endpoint.url', url, (err as Error).message);
    }
  }
  if (handler !== null && !UNSECURED_HANDLERS.includes(handler)) {
    throw ConfigError.invalidValue(
      handlerKey,
      handler,
      `unknown OAUTHBEARER server callback handler; use ${SECURED_HANDLERS[0]} (JWKS-validated tokens) or leave it unset (unsecured tokens, for development)`,
    );
  }
  const { key, jaas } = listenerJaasConfig(config, listener, MECHANISM);
  const options = jaas === null ? new Map<string, string>() : singleLoginModule(key, jaas).options;
  try {
    return new UnsecuredValidator(unsecuredValidatorOptions(options));
  } catch (err) {
    throw ConfigError.invalidValue(key, '[hidden]', (err as Error).message);
  }
}
