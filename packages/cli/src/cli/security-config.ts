/**
 * The security part of a client properties file (--command-config, --producer.config,
 * --consumer.config, --producer-property ...): security.protocol and the ssl.* keys of Kafka's
 * clients, as the TypeScript client's `tls` option. PEM and PKCS12 stores (JKS files that are
 * PKCS12 inside, as Java writes them since JDK 9) and inline PEM. SASL settings are not read here.
 */
import { type ClientTlsOptions, clientTlsFromSslConfig, SslConfigError, usesTls } from '@samsa/client';
import { CliError, EXIT, UsageError } from './errors.js';

export interface ClientSecurity {
  tls?: ClientTlsOptions;
}

const PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

export function securityOf(props: Readonly<Record<string, string>>): ClientSecurity {
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
  if (!PROTOCOLS.includes(protocol)) {
    throw new UsageError(
      `security.protocol must be one of ${PROTOCOLS.join(', ')}, got '${props['security.protocol']}'`,
    );
  }
  if (!usesTls(protocol)) return {};
  try {
    return { tls: clientTlsFromSslConfig((key) => props[key] ?? null) };
  } catch (err) {
    if (err instanceof SslConfigError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}
