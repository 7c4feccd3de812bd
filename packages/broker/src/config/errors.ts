/**
 * The one error type of the config module. Messages follow Kafka's ConfigException wording
 * ("Invalid value X for configuration Y: reason") so operators can search Kafka's docs and
 * mailing lists with them, and `key` lets callers (DescribeConfigs/AlterConfigs handlers, the
 * CLI) report which entry was wrong without parsing the text.
 */

export type ConfigErrorCode =
  /** A value that does not parse as its type or fails its validator, or an inconsistent combination. */
  | 'INVALID_VALUE'
  /** A name that is not a broker configuration (only where unknown names are not just warnings). */
  | 'UNKNOWN_CONFIG'
  /** A dynamic update of a key whose update mode does not allow it (at that scope). */
  | 'NOT_DYNAMIC'
  /** A malformed properties file or --override argument. */
  | 'SYNTAX'
  /** The configuration file could not be read. */
  | 'FILE';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  /** The configuration key at fault; null when the fault is not one key's (unreadable file, syntax). */
  readonly key: string | null;

  constructor(code: ConfigErrorCode, key: string | null, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.key = key;
  }

  /**
   * Kafka's "Invalid value <value> for configuration <key>[: <reason>]". Pass '[hidden]' as the value
   * for sensitive keys: the message ends up in logs and in AlterConfigs error messages.
   */
  static invalidValue(key: string, value: string | null, reason?: string): ConfigError {
    const suffix = reason ? `: ${reason}` : '';
    return new ConfigError('INVALID_VALUE', key, `Invalid value ${value} for configuration ${key}${suffix}`);
  }

  /** The same error with where the value came from appended, e.g. "(server.properties:12)". */
  withOrigin(origin: string | undefined): ConfigError {
    if (!origin) return this;
    return new ConfigError(this.code, this.key, `${this.message} (${origin})`, { cause: this.cause });
  }
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}
