/**
 * Dynamic broker configs (AlterConfigs / IncrementalAlterConfigs on BROKER resources): validated
 * by BrokerConfig.withDynamic (config/dynamic-update.ts: the keys Kafka lets change at runtime, at
 * the scope Kafka allows, and custom keys), persisted in the metadata store (scope '' = cluster
 * default, else the broker id), then applied. Refusals are INVALID_REQUEST, as Kafka answers them.
 */

import { SslConfigError } from '@samsa/client';
import { isConfigError } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import type { BrokerConfig } from '../config/index.js';
import type { MetadataStore } from '../metadata/metadata-store.js';

export interface ConfigHolder {
  config: BrokerConfig;
  /** Throws when `next` cannot be applied (a key store that does not load). */
  validateConfig?(next: BrokerConfig, updatedKeys: readonly string[]): void;
  /** `updatedKeys`: the keys the request named (a key store re-set under the same path reloads). */
  applyConfig(next: BrokerConfig, updatedKeys: readonly string[]): void;
}

export type BrokerScope = 'broker' | 'default';

export class DynamicBrokerConfigs {
  constructor(
    private readonly holder: ConfigHolder,
    private readonly store: MetadataStore,
    private readonly brokerId: number,
  ) {}

  /** Resolves a BROKER resource name: "" is the cluster default, our id is this broker. */
  scopeOf(resourceName: string): BrokerScope {
    if (resourceName === '') return 'default';
    if (!/^-?\d+$/.test(resourceName)) {
      throw new KafkaError(ErrorCode.INVALID_REQUEST, `Broker id must be an integer, but it is: ${resourceName}`);
    }
    if (resourceName === String(this.brokerId)) return 'broker';
    throw new KafkaError(
      ErrorCode.INVALID_REQUEST,
      `Unexpected broker id, expected ${this.brokerId} but received ${resourceName}`,
    );
  }

  /** Applies stored dynamic configs at start-up. */
  static restore(config: BrokerConfig, store: MetadataStore, brokerId: number): BrokerConfig {
    let c = config.withDynamic(store.brokerConfigs(''), 'default', { restoring: true });
    c = c.withDynamic(store.brokerConfigs(String(brokerId)), 'broker', { restoring: true });
    return c;
  }

  /**
   * `replaceAll` (AlterConfigs) drops every dynamic value not named; otherwise (incremental) only
   * the named keys change and null removes one.
   */
  async alter(
    scope: BrokerScope,
    updates: Record<string, string | null>,
    replaceAll: boolean,
    validateOnly: boolean,
  ): Promise<void> {
    const current = this.holder.config;
    const changes: Record<string, string | null> = { ...updates };
    if (replaceAll) {
      for (const k of Object.keys(current.dynamicConfigs(scope))) if (!(k in changes)) changes[k] = null;
    }
    let next: BrokerConfig;
    try {
      next = current.withDynamic(changes, scope);
      this.holder.validateConfig?.(next, Object.keys(updates));
    } catch (err) {
      // Kafka's ZkAdminManager answers a ConfigException on any resource with INVALID_REQUEST
      // and this prefix (KAFKA-13609 keeps it so for compatibility).
      // A key store that does not load (SslConfigError) is refused the same way.
      if (isConfigError(err) || err instanceof SslConfigError) {
        const resource = `ConfigResource(type=BROKER, name='${scope === 'default' ? '' : this.brokerId}')`;
        throw new KafkaError(
          ErrorCode.INVALID_REQUEST,
          `Invalid config value for resource ${resource}: ${err.message}`,
        );
      }
      throw err;
    }
    if (validateOnly) return;
    await this.store.setBrokerConfigs(scope === 'default' ? '' : String(this.brokerId), {
      ...next.dynamicConfigs(scope),
    });
    this.holder.applyConfig(next, Object.keys(updates));
  }

  /** The current value of a key as Kafka prints it (what APPEND / SUBTRACT start from). */
  currentValue(name: string): string | null {
    return this.holder.config.getText(name);
  }
}
