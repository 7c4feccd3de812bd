/**
 * The one error type of configuration, in every package. Messages follow Kafka's ConfigException
 * wording ("Invalid value X for configuration Y: reason") so operators can search Kafka's docs with
 * them; `key`, `value` and `reason` let callers (AlterConfigs, CreateTopics, the CLI, a client
 * constructor) report which entry was wrong without parsing the text. The broker answers it with
 * INVALID_CONFIG.
 */
import { HIDDEN, Password } from './password.js';

export type ConfigErrorCode =
  /** A value that does not parse as its type or fails its validator, or an inconsistent combination. */
  | 'INVALID_VALUE'
  /** A key with no default that was not given (Kafka's "Missing required configuration"). */
  | 'MISSING'
  /** A name that is not a known configuration (only where unknown names are not just kept). */
  | 'UNKNOWN_CONFIG'
  /** A dynamic update of a key whose update mode does not allow it (at that scope). */
  | 'NOT_DYNAMIC'
  /** A malformed properties file or --override argument. */
  | 'SYNTAX'
  /** A configuration file that could not be read. */
  | 'FILE'
  /** A definition table that contradicts itself (a name defined twice): a programming error. */
  | 'DEFINITION';

export interface ConfigErrorOptions extends ErrorOptions {
  /** The offending value as shown in the message ('[hidden]' for secrets); null when there is none. */
  readonly value?: string | null;
  /** Why the value is wrong, without the key and value around it. */
  readonly reason?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  /** The configuration key at fault; null when the fault is not one key's (unreadable file, syntax). */
  readonly key: string | null;
  readonly value: string | null;
  readonly reason: string | null;

  constructor(code: ConfigErrorCode, key: string | null, message: string, options: ConfigErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.key = key;
    this.value = options.value ?? null;
    this.reason = options.reason ?? null;
  }

  /**
   * Kafka's "Invalid value <value> for configuration <key>[: <reason>]". A Password (or any value of
   * a PASSWORD key, passed as a Password) is shown as '[hidden]': the message ends up in logs and in
   * AlterConfigs answers.
   */
  static invalidValue(key: string, value: unknown, reason?: string): ConfigError {
    const shown = showValue(value);
    const suffix = reason ? `: ${reason}` : '';
    return new ConfigError('INVALID_VALUE', key, `Invalid value ${shown} for configuration ${key}${suffix}`, {
      value: shown,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  static missing(key: string): ConfigError {
    return new ConfigError('MISSING', key, `Missing required configuration "${key}" which has no default value.`, {
      reason: 'no value and no default',
    });
  }

  /** The same error with where the value came from appended, e.g. "(server.properties:12)". */
  withOrigin(origin: string | undefined): ConfigError {
    if (!origin) return this;
    return new ConfigError(this.code, this.key, `${this.message} (${origin})`, {
      cause: this.cause,
      value: this.value,
      ...(this.reason === null ? {} : { reason: this.reason }),
    });
  }
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}

function showValue(value: unknown): string {
  if (value instanceof Password) return HIDDEN;
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
