/**
 * The security part of a client properties file (--command-config, --producer.config,
 * --consumer.config, --producer-property ...): security.protocol and the ssl.* keys of Kafka's
 * clients, as the TypeScript client's `tls` option. PEM and PKCS12 stores (JKS files that are
 * PKCS12 inside, as Java writes them since JDK 9) and inline PEM; for SASL_* protocols also
 * sasl.mechanism and the username/password of sasl.jaas.config, as the client's `sasl` option,
 * or for OAUTHBEARER the login Kafka's keys describe (unsecured, or OIDC client credentials with
 * sasl.login.callback.handler.class and sasl.oauthbearer.token.endpoint.url).
 */
import {
  ClientError,
  type ClientTlsOptions,
  clientTlsFromSslConfig,
  oauthBearerLoginProvider,
  type PasswordSaslOptions,
  type SaslOptions,
  SslConfigError,
  usesTls,
} from '@samsa/client';
import { isConfigError, singleLoginModule } from '@samsa/common';
import { CliError, EXIT, UsageError } from './errors.js';

export interface ClientSecurity {
  tls?: ClientTlsOptions;
  sasl?: SaslOptions;
}

const PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

export function securityOf(props: Readonly<Record<string, string>>): ClientSecurity {
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
  if (!PROTOCOLS.includes(protocol)) {
    throw new UsageError(
      `security.protocol must be one of ${PROTOCOLS.join(', ')}, got '${props['security.protocol']}'`,
    );
  }
  const sasl = saslOf(props);
  if (!usesTls(protocol)) return sasl;
  try {
    return { ...sasl, tls: clientTlsFromSslConfig((key) => props[key] ?? null) };
  } catch (err) {
    if (err instanceof SslConfigError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}

const SASL_MECHANISMS: Record<string, SaslOptions['mechanism']> = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
  OAUTHBEARER: 'oauthbearer',
};

/**
 * Kafka's client security keys → the client's `sasl` option: `security.protocol` SASL_PLAINTEXT
 * (or SASL_SSL), `sasl.mechanism` (Kafka's default GSSAPI is not supported here), and the
 * username/password options of the JAAS login module in `sasl.jaas.config`. PLAINTEXT or no
 * security.protocol means no SASL. Anything unusable is a usage error naming the key.
 */
function saslOf(props: Readonly<Record<string, string>>): { sasl?: SaslOptions } {
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
  if (!protocol.startsWith('SASL_')) return {};
  const name = (props['sasl.mechanism'] ?? 'GSSAPI').toUpperCase();
  const mechanism = SASL_MECHANISMS[name];
  if (!mechanism)
    throw new UsageError(
      `sasl.mechanism ${name} is not supported (supported: ${Object.keys(SASL_MECHANISMS).join(', ')})`,
    );
  const jaas = props['sasl.jaas.config'];
  if (!jaas) throw new UsageError(`security.protocol=${protocol} needs sasl.jaas.config`);
  let options: ReadonlyMap<string, string>;
  try {
    options = singleLoginModule('sasl.jaas.config', jaas).options;
  } catch (err) {
    if (isConfigError(err)) throw new UsageError(err.message);
    throw err;
  }
  if (mechanism === 'oauthbearer') {
    try {
      const provider = oauthBearerLoginProvider({
        loginCallbackHandlerClass: props['sasl.login.callback.handler.class'] ?? null,
        tokenEndpointUrl: props['sasl.oauthbearer.token.endpoint.url'] ?? null,
        jaasOptions: options,
      });
      return { sasl: { mechanism, oauthBearerProvider: provider } };
    } catch (err) {
      if (err instanceof ClientError) throw new UsageError(err.message);
      throw err;
    }
  }
  const username = options.get('username');
  const password = options.get('password');
  if (!username || !password) throw new UsageError('sasl.jaas.config must set username="..." and password="..."');
  return { sasl: { mechanism: mechanism as PasswordSaslOptions['mechanism'], username, password } };
}
