/**
 * Builds the SASL settings of one SASL_PLAINTEXT / SASL_SSL listener from the broker's config,
 * with Kafka's per-listener and per-mechanism overrides:
 *   listener.name.<l>.sasl.enabled.mechanisms, listener.name.<l>.<mechanism>.sasl.jaas.config,
 *   listener.name.<l>.<mechanism>.connections.max.reauth.ms.
 * PLAIN needs a JAAS login module (its user_<name> options are the users); the SCRAM mechanisms
 * read the broker's credential store; OAUTHBEARER validates tokens with the validator
 * oauthbearer/oauthbearer-listener.ts picks. Mechanisms we do not implement (GSSAPI) are not
 * offered: a handshake naming them gets UNSUPPORTED_SASL_MECHANISM with the list we do offer.
 */
import { ConfigError, Password, singleLoginModule } from '@samsa/common';
import type { BrokerConfig } from '../../config/index.js';
import type { Listener } from '../../config/listeners.js';
import { oauthBearerValidator } from './oauthbearer/oauthbearer-listener.js';
import { OAuthBearerServer } from './oauthbearer/oauthbearer-server.js';
import type { TokenValidator } from './oauthbearer/token-validator.js';

import { PlainServer, plainUsers } from './plain-server.js';
import type { SaslListenerSettings } from './sasl-session.js';
import { isScramMechanism } from './scram-credential.js';
import type { ScramCredentialStore } from './scram-credential-store.js';
import { ScramServer } from './scram-server.js';

export const SUPPORTED_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;

export function isSaslListener(l: Listener): boolean {
  return l.securityProtocol === 'SASL_PLAINTEXT' || l.securityProtocol === 'SASL_SSL';
}

/**
 * A listener's JAAS configuration for `mechanism` (Kafka's lookup:
 * `listener.name.<l>.<mechanism>.sasl.jaas.config`, else `sasl.jaas.config`), null when neither is
 * set, and the key to name in an error about it. Read by the listener's server side and by the
 * broker's own client side (inter-broker-sasl.ts) alike.
 */
export function listenerJaasConfig(
  config: BrokerConfig,
  listener: string,
  mechanism: string,
): { key: string; jaas: string | null } {
  const key = `listener.name.${listener.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`;
  const v = config.listenerConfig(listener, 'sasl.jaas.config', mechanism);
  const jaas = v instanceof Password ? v.value : typeof v === 'string' ? v : null;
  return { key, jaas };
}

export function saslListenerSettings(
  config: BrokerConfig,
  listener: Listener,
  scram: ScramCredentialStore,
): SaslListenerSettings {
  const enabledRaw = config.listenerConfig(listener.name, 'sasl.enabled.mechanisms');
  const enabled = (Array.isArray(enabledRaw) ? enabledRaw : []).filter((m) =>
    (SUPPORTED_MECHANISMS as readonly string[]).includes(m),
  );
  let plainPasswords: ReadonlyMap<string, string> | undefined;
  if (enabled.includes('PLAIN')) {
    const { key, jaas } = listenerJaasConfig(config, listener.name, 'PLAIN');
    if (jaas === null) {
      throw ConfigError.invalidValue(
        key,
        null,
        `SASL/PLAIN is enabled on listener ${listener.name} but no JAAS configuration is set (${key} or sasl.jaas.config)`,
      );
    }
    plainPasswords = plainUsers(singleLoginModule(key, jaas).options);
  }
  // One validator per listener, so its JWKS cache is shared by the listener's connections.
  const oauth: TokenValidator | undefined = enabled.includes('OAUTHBEARER')
    ? oauthBearerValidator(config, listener.name)
    : undefined;
  const reauth = (mechanism: string) =>
    Number(config.listenerConfig(listener.name, 'connections.max.reauth.ms', mechanism) ?? 0);
  return {
    listener: listener.name,
    enabledMechanisms: enabled,
    newServer: (mechanism) => {
      if (!enabled.includes(mechanism)) return undefined;
      if (mechanism === 'PLAIN') return new PlainServer(plainPasswords ?? new Map());
      if (isScramMechanism(mechanism)) {
        return new ScramServer({ mechanism, credentials: (user, m) => scram.get(user, m) });
      }
      if (mechanism === 'OAUTHBEARER' && oauth) {
        return new OAuthBearerServer({ validator: oauth });
      }
      return undefined;
    },
    reauthMs: reauth,
    failedAuthDelayMs: Number(config.get('connection.failed.authentication.delay.ms') ?? 100),
    maxReceiveSize: Number(config.get('sasl.server.max.receive.size') ?? 524288),
  };
}
