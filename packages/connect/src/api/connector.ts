/**
 * What a connector author implements (Kafka's Connector, SourceConnector, SinkConnector): the
 * connector takes its configuration, says which task class runs the work and splits the work into
 * at most `maxTasks` task configurations. The worker owns its lifecycle: initialize → start →
 * taskConfigs (again after requestTaskReconfiguration) → stop; never two calls at once.
 */
import type { ConfigInfoValue, ConnectConfigDef } from './connect-config-def.js';
import type { SinkTask, SourceTask } from './tasks.js';

/** Kafka's ConnectorContext: what a connector may ask of the worker. */
export interface ConnectorContext {
  /** The connector's task configs changed: the worker calls taskConfigs() again. */
  requestTaskReconfiguration(): void;
  /** The connector failed in the background: the worker marks it FAILED with this error. */
  raiseError(err: Error): void;
}

export type ConnectorType = 'source' | 'sink';

export abstract class Connector {
  protected context: ConnectorContext | null = null;

  initialize(context: ConnectorContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;
  abstract taskConfigs(maxTasks: number): Array<Record<string, string>>;
  abstract stop(): void | Promise<void>;
  /** The connector's own configuration (the worker adds the common connector keys). */
  abstract config(): ConnectConfigDef;

  /** Kafka's Connector.validate: per-key results for `props`; override for cross-field checks. */
  validate(props: Readonly<Record<string, string>>): ConfigInfoValue[] {
    return this.config().validateAll(props);
  }
}

export abstract class SourceConnector extends Connector {
  readonly type = 'source' as const;
  abstract taskClass(): new () => SourceTask;

  /**
   * KIP-875: called before offsets are altered or reset through the REST API; return true when the
   * connector checked them, throw to refuse them. The default accepts any offsets.
   */
  alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyArray<{ partition: Record<string, unknown>; offset: Record<string, unknown> | null }>,
  ): boolean {
    return false;
  }
}

export abstract class SinkConnector extends Connector {
  readonly type = 'sink' as const;
  /** Kafka's SinkConnector.TOPICS_CONFIG and friends. */
  static readonly TOPICS_CONFIG = 'topics';
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';
  abstract taskClass(): new () => SinkTask;
}
