/**
 * How the embedded console's client reaches this broker, as any outside client would:
 * - `console.listener.name`: the listener it connects to (default: the first of `listeners`);
 * - `console.client.<key>`: Kafka client properties for that connection, the way Connect takes
 *   `producer.`/`admin.` overrides: ssl.truststore.* (else the listener's own trust store is
 *   trusted, as the broker's inter-broker client does), sasl.mechanism, sasl.jaas.config.
 * On a SASL listener with no `console.client.sasl.jaas.config` the console asks each user to log
 * in (PLAIN or SCRAM, `console.client.sasl.mechanism` or the listener's first enabled one) and
 * acts as that principal; with one, it acts as that fixed principal for everybody.
 */
import { type ClientTlsOptions, clientTlsFromSslConfig, type PasswordSaslOptions, usesTls } from '@samsa/client';
import { ConfigError, singleLoginModule } from '@samsa/common';
import type { LoginOptions } from '@samsa/console';
import type { BrokerConfig } from '../config/index.js';
import { listenerSslReader } from '../security/listener-tls.js';

const PREFIX = 'console.client.';
const PASSWORD_MECHANISMS: Record<string, PasswordSaslOptions['mechanism']> = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
};

export interface ConsoleClientSettings {
  /** The listener's name, and the host:port to bootstrap from. */
  listener: string;
  bootstrapServers: string;
  tls?: ClientTlsOptions;
  sasl?: PasswordSaslOptions;
  login?: LoginOptions;
}

function invalid(key: string, message: string): ConfigError {
  return new ConfigError('INVALID_VALUE', key, `Invalid value for configuration ${key}: ${message}`);
}

export function consoleClientSettings(
  config: Pick<BrokerConfig, 'listeners' | 'originals' | 'listenerConfig'> & BrokerConfig,
  endpointOf: (listener: string) => string,
): ConsoleClientSettings {
  const props: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.originals)) if (k.startsWith(PREFIX)) props[k.slice(PREFIX.length)] = v;
  const wanted = (config.originals['console.listener.name'] ?? '').trim().toUpperCase();
  const listener = wanted ? config.listeners.find((l) => l.name === wanted) : config.listeners[0];
  if (!listener)
    throw invalid(
      'console.listener.name',
      `no listener named ${wanted} (listeners: ${config.listeners.map((l) => l.name).join(', ')})`,
    );
  const out: ConsoleClientSettings = { listener: listener.name, bootstrapServers: endpointOf(listener.name) };
  if (usesTls(listener.securityProtocol)) {
    const own = listenerSslReader(config, listener.name);
    out.tls = clientTlsFromSslConfig((key) => (key in props ? (props[key] as string) : own(key)));
  }
  if (!listener.securityProtocol.startsWith('SASL_')) return out;
  const enabled = config.listenerConfig(listener.name, 'sasl.enabled.mechanisms');
  const enabledList = (Array.isArray(enabled) ? enabled : String(enabled ?? '').split(','))
    .map((m) => String(m).trim().toUpperCase())
    .filter((m) => m !== '');
  const name = (props['sasl.mechanism'] ?? enabledList.find((m) => m in PASSWORD_MECHANISMS) ?? '').toUpperCase();
  const mechanism = PASSWORD_MECHANISMS[name];
  if (!mechanism)
    throw invalid(
      `${PREFIX}sasl.mechanism`,
      `the console logs in with PLAIN or SCRAM; listener ${listener.name} enables ${enabledList.join(', ') || 'none'}`,
    );
  const jaas = props['sasl.jaas.config'];
  if (!jaas) {
    out.login = { mechanism };
    return out;
  }
  const options = singleLoginModule(`${PREFIX}sasl.jaas.config`, jaas).options;
  const username = options.get('username');
  const password = options.get('password');
  if (!username || !password) throw invalid(`${PREFIX}sasl.jaas.config`, 'must set username="..." and password="..."');
  out.sasl = { mechanism, username, password };
  return out;
}
