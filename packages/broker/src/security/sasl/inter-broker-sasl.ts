/**
 * How this broker authenticates its own connections to other brokers when the listener they use
 * is SASL_PLAINTEXT or SASL_SSL, by Kafka's rules: the mechanism is
 * `sasl.mechanism.inter.broker.protocol`, and the username and password are the `username` /
 * `password` options of that listener's JAAS config for the mechanism
 * (`listener.name.<l>.<mechanism>.sasl.jaas.config`, else `sasl.jaas.config`). Checked when the
 * broker starts (and on every dynamic config change), so a broker that could not reach its peers
 * never starts. A single-node broker (no zookeeper.connect) never connects to another, so it needs
 * no credentials; GSSAPI is refused either way, as it is what Kafka's default would silently pick.
 */
import {
  type Authenticator,
  ClientError,
  oauthBearerLoginProvider,
  type PasswordSaslOptions,
  saslAuthenticator,
} from '@samsa/client';
import { ConfigError, singleLoginModule } from '@samsa/common';
import type { BrokerConfig, SecurityProtocol } from '../../config/index.js';
import { listenerJaasConfig } from './sasl-listener-config.js';

const CLIENT_NAMES: Record<string, PasswordSaslOptions['mechanism'] | 'oauthbearer'> = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
  OAUTHBEARER: 'oauthbearer',
};

const KEY = 'sasl.mechanism.inter.broker.protocol';

/** The authenticator for connections to `listener`, or undefined when it does not use SASL. Throws ConfigError. */
export function brokerClientSasl(
  config: BrokerConfig,
  listener: string,
  protocol: SecurityProtocol,
): Authenticator | undefined {
  if (protocol !== 'SASL_PLAINTEXT' && protocol !== 'SASL_SSL') return undefined;
  const mechanism = config.saslMechanismInterBrokerProtocol;
  const clientName = CLIENT_NAMES[mechanism];
  if (clientName === undefined) {
    throw ConfigError.invalidValue(
      KEY,
      mechanism,
      `SASL mechanism ${mechanism} is not supported between brokers (listener ${listener} uses ${protocol}); set ${KEY} to PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER`,
    );
  }
  // Single-node mode: no peers to authenticate to, and PLAIN users often carry no username option.
  if (config.zookeeperConnect === null) return undefined;
  const { key: jaasKey, jaas } = listenerJaasConfig(config, listener, mechanism);
  if (jaas === null) {
    throw ConfigError.invalidValue(
      jaasKey,
      null,
      `brokers authenticate to listener ${listener} with ${mechanism}, which needs a JAAS configuration with username and password (${jaasKey} or sasl.jaas.config)`,
    );
  }
  const { options } = singleLoginModule(jaasKey, jaas);
  if (clientName === 'oauthbearer') {
    // Kafka's login for the broker's own token: unsecured (unsecuredLoginStringClaim_sub) or OIDC.
    const get = (k: string) => {
      const v = config.listenerConfig(listener, k, mechanism);
      return typeof v === 'string' && v !== '' ? v : null;
    };
    try {
      const provider = oauthBearerLoginProvider({
        loginCallbackHandlerClass: get('sasl.login.callback.handler.class'),
        tokenEndpointUrl: get('sasl.oauthbearer.token.endpoint.url'),
        jaasOptions: options,
      });
      return saslAuthenticator({ mechanism: 'oauthbearer', oauthBearerProvider: provider });
    } catch (err) {
      if (err instanceof ClientError) throw ConfigError.invalidValue(jaasKey, '[hidden]', err.message);
      throw err;
    }
  }
  const username = options.get('username');
  const password = options.get('password');
  if (!username || !password) {
    throw ConfigError.invalidValue(
      jaasKey,
      '[hidden]',
      `the JAAS configuration brokers use for ${mechanism} on listener ${listener} needs username and password options`,
    );
  }
  return saslAuthenticator({ mechanism: clientName, username, password });
}
