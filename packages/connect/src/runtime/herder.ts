/**
 * The standalone herder (Kafka's StandaloneHerder): the connectors of one worker, their target
 * states (STARTED, PAUSED, STOPPED) and their tasks. Every change runs through one promise queue,
 * so two REST calls never interleave a read of a connector's state with a decision on it. Status
 * is answered from the runners as the status API shapes it. Connector configurations live in
 * memory (connector properties files given at start are applied again at each start), as in Kafka.
 */
import type { Logger } from '@samsa/common';
import { isConfigError } from '@samsa/common';
import type { SinkConnector, SourceConnector } from '../api/connector.js';
import { ConnectError } from '../api/errors.js';
import type { ConnectorInfo, ConnectorState, ConnectorStatus, Herder, TargetState, TaskStatus } from './herder-api.js';
import { HerderError } from './herder-error.js';
import { completeTaskConfigs } from './task-configs.js';
import { type TaskRunner, traceOf } from './task-runner.js';
import { type ConfigInfos, invalidConfigMessage, validateConnectorConfig } from './validation.js';
import type { Worker } from './worker.js';

interface Entry {
  name: string;
  config: Record<string, string>;
  type: 'source' | 'sink';
  target: TargetState;
  connector: SourceConnector | SinkConnector | null;
  state: ConnectorState;
  trace: string | null;
  taskConfigs: Array<Record<string, string>>;
  runners: TaskRunner[];
}

export type { ConnectorInfo, ConnectorState, ConnectorStatus, TargetState, TaskStatus } from './herder-api.js';

export class StandaloneHerder implements Herder {
  readonly #connectors = new Map<string, Entry>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly worker: Worker,
    private readonly logger: Logger,
  ) {}

  /** Runs `fn` after every change queued before it (the herder's one-at-a-time rule). */
  serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => {});
    return next;
  }

  connectorNames(): string[] {
    return [...this.#connectors.keys()].sort();
  }

  private entry(name: string): Entry {
    const e = this.#connectors.get(name);
    if (!e) throw new HerderError('NOT_FOUND', `Connector ${name} not found`);
    return e;
  }

  validate(config: Readonly<Record<string, string>>): ConfigInfos & { type: 'source' | 'sink' } {
    try {
      return validateConnectorConfig(config, this.worker.plugins);
    } catch (err) {
      if (err instanceof ConnectError && !(err instanceof HerderError))
        throw new HerderError('BAD_REQUEST', err.message, { cause: err });
      throw err;
    }
  }

  /**
   * Creates or replaces a connector (Kafka's putConnectorConfig). Refuses an invalid configuration
   * with Kafka's message; `allowReplace` false refuses an existing name (POST /connectors).
   */
  putConnectorConfig(
    name: string,
    config: Record<string, string>,
    opts: { allowReplace: boolean; initialState?: TargetState },
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    return this.serial(async () => {
      const existing = this.#connectors.get(name);
      if (existing && !opts.allowReplace) throw new HerderError('ALREADY_EXISTS', `Connector ${name} already exists`);
      const full = { ...config, name };
      const infos = this.validate(full);
      if (infos.error_count > 0) throw new HerderError('BAD_REQUEST', invalidConfigMessage(infos));
      const target = existing?.target ?? opts.initialState ?? 'STARTED';
      if (existing) await this.stopConnector(existing);
      const entry: Entry = {
        name,
        config: full,
        type: infos.type,
        target,
        connector: null,
        state: 'UNASSIGNED',
        trace: null,
        taskConfigs: [],
        runners: [],
      };
      this.#connectors.set(name, entry);
      await this.startConnector(entry);
      this.logger.info(
        { connector: name, created: !existing },
        existing ? 'connector reconfigured' : 'connector created',
      );
      return { created: !existing, info: this.info(name) };
    });
  }

  info(name: string): ConnectorInfo {
    const e = this.entry(name);
    return {
      name,
      config: { ...e.config },
      tasks: e.taskConfigs.map((_, task) => ({ connector: name, task })),
      type: e.type,
    };
  }

  config(name: string): Record<string, string> {
    return { ...this.entry(name).config };
  }

  taskConfigs(name: string): Array<{ id: { connector: string; task: number }; config: Record<string, string> }> {
    return this.entry(name).taskConfigs.map((config, task) => ({
      id: { connector: name, task },
      config: { ...config },
    }));
  }

  status(name: string): ConnectorStatus {
    const e = this.entry(name);
    const id = this.worker.workerId;
    return {
      name,
      connector: { state: e.state, worker_id: id, ...(e.trace ? { trace: e.trace } : {}) },
      tasks: e.runners.map((r) => this.runnerStatus(r)),
      type: e.type,
    };
  }

  taskStatus(name: string, task: number): TaskStatus {
    const r = this.entry(name).runners[task];
    if (!r) throw new HerderError('NOT_FOUND', `No status found for task ${name}-${task}`);
    return this.runnerStatus(r);
  }

  private runnerStatus(r: TaskRunner): TaskStatus {
    return { id: r.id.task, state: r.state, worker_id: this.worker.workerId, ...(r.trace ? { trace: r.trace } : {}) };
  }

  /** KIP-558: the topics the connector's tasks have used since it started or was reset. */
  activeTopics(name: string): string[] {
    const topics = new Set<string>();
    for (const r of this.entry(name).runners) for (const t of r.activeTopics) topics.add(t);
    return [...topics].sort();
  }

  resetActiveTopics(name: string): void {
    for (const r of this.entry(name).runners) r.activeTopics.clear();
  }

  targetState(name: string): TargetState {
    return this.entry(name).target;
  }

  connectorType(name: string): 'source' | 'sink' {
    return this.entry(name).type;
  }

  deleteConnector(name: string): Promise<void> {
    return this.serial(async () => {
      const e = this.entry(name);
      await this.stopConnector(e);
      this.#connectors.delete(name);
      this.logger.info({ connector: name }, 'connector deleted');
    });
  }

  pause(name: string): Promise<void> {
    return this.serial(() => {
      const e = this.entry(name);
      if (e.target === 'STOPPED') return; // Kafka leaves a stopped connector stopped until resumed
      e.target = 'PAUSED';
      if (e.state === 'RUNNING') e.state = 'PAUSED';
      for (const r of e.runners) r.pause();
    });
  }

  resume(name: string): Promise<void> {
    return this.serial(async () => {
      const e = this.entry(name);
      const wasStopped = e.target === 'STOPPED';
      e.target = 'STARTED';
      if (wasStopped) {
        await this.startConnector(e);
        return;
      }
      if (e.state === 'PAUSED') e.state = 'RUNNING';
      for (const r of e.runners) r.resume();
    });
  }

  /** KIP-875: the connector and its tasks shut down; its offsets may then be altered or reset. */
  stop(name: string): Promise<void> {
    return this.serial(async () => {
      const e = this.entry(name);
      await this.stopConnector(e);
      e.target = 'STOPPED';
      e.state = 'STOPPED';
      e.taskConfigs = [];
    });
  }

  /**
   * KIP-745's restart: the connector alone (the old behaviour), or with its tasks; `onlyFailed`
   * restricts both to instances in FAILED. Returns whether anything restarted.
   */
  restart(name: string, opts: { includeTasks: boolean; onlyFailed: boolean }): Promise<ConnectorStatus> {
    return this.serial(async () => {
      const e = this.entry(name);
      if (e.target === 'STOPPED') return this.status(name);
      const restartConnector = !opts.onlyFailed || e.state === 'FAILED';
      const failedTasks = e.runners.filter((r) => !opts.onlyFailed || r.state === 'FAILED').map((r) => r.id.task);
      const before = this.status(name);
      if (restartConnector) before.connector.state = 'RESTARTING';
      if (opts.includeTasks) for (const t of before.tasks) if (failedTasks.includes(t.id)) t.state = 'RESTARTING';
      if (restartConnector && opts.includeTasks) {
        await this.stopConnector(e);
        await this.startConnector(e);
      } else if (restartConnector) {
        await this.restartConnectorOnly(e);
      } else if (opts.includeTasks) {
        for (const t of failedTasks) await this.restartTaskNow(e, t);
      }
      return before;
    });
  }

  restartTask(name: string, task: number): Promise<void> {
    return this.serial(async () => {
      const e = this.entry(name);
      if (!e.runners[task]) throw new HerderError('NOT_FOUND', `Task ${name}-${task} not found`);
      await this.restartTaskNow(e, task);
    });
  }

  private async restartConnectorOnly(e: Entry): Promise<void> {
    try {
      await e.connector?.stop();
    } catch (err) {
      this.logger.warn({ err, connector: e.name }, 'connector stop failed');
    }
    e.connector = null;
    await this.startConnectorInstance(e);
  }

  private async restartTaskNow(e: Entry, task: number): Promise<void> {
    const old = e.runners[task];
    if (!old || !e.connector) return;
    await old.stop(this.worker.settings.taskShutdownTimeoutMs);
    try {
      e.runners[task] = await this.startTask(e, task);
    } catch (err) {
      old.state = 'FAILED';
      old.trace = err instanceof Error ? traceOf(err) : String(err);
    }
  }

  /** Starts the connector instance and, unless STOPPED, its tasks. A failure marks it FAILED. */
  private async startConnector(e: Entry): Promise<void> {
    if (e.target === 'STOPPED') {
      e.state = 'STOPPED';
      return;
    }
    if (!(await this.startConnectorInstance(e))) return;
    const connector = e.connector as SourceConnector | SinkConnector;
    try {
      e.taskConfigs = completeTaskConfigs(connector, e.config);
    } catch (err) {
      this.failConnector(e, err);
      return;
    }
    e.runners = [];
    try {
      for (let t = 0; t < e.taskConfigs.length; t++) e.runners.push(await this.startTask(e, t));
    } catch (err) {
      // A task that cannot even be built (its DLQ topic cannot be created, ...): the connector
      // reports FAILED with the cause and runs none of its tasks.
      await this.stopTasks(e);
      this.failConnector(e, err);
    }
  }

  private async startConnectorInstance(e: Entry): Promise<boolean> {
    try {
      const connector = this.worker.plugins.connector(e.config['connector.class'] as string).create() as
        | SourceConnector
        | SinkConnector;
      connector.initialize({
        requestTaskReconfiguration: () => {
          this.serial(() => this.reconfigureTasks(e.name)).catch((err: unknown) => this.failConnector(e, err));
        },
        raiseError: (err) => this.failConnector(e, err),
      });
      await connector.start(e.config);
      e.connector = connector;
      e.state = e.target === 'PAUSED' ? 'PAUSED' : 'RUNNING';
      e.trace = null;
      return true;
    } catch (err) {
      this.failConnector(e, err);
      return false;
    }
  }

  private async startTask(e: Entry, task: number): Promise<TaskRunner> {
    const runner = await this.worker.taskRunner({
      connector: e.connector as SourceConnector | SinkConnector,
      connectorName: e.name,
      connectorConfig: e.config,
      taskId: task,
      taskConfig: e.taskConfigs[task] ?? {},
    });
    runner.start(e.target === 'PAUSED');
    return runner;
  }

  private async reconfigureTasks(name: string): Promise<void> {
    const e = this.#connectors.get(name);
    if (!e?.connector || e.target === 'STOPPED') return;
    const next = completeTaskConfigs(e.connector, e.config);
    if (JSON.stringify(next) === JSON.stringify(e.taskConfigs)) return;
    await this.stopTasks(e);
    e.taskConfigs = next;
    try {
      for (let t = 0; t < next.length; t++) e.runners.push(await this.startTask(e, t));
    } catch (err) {
      await this.stopTasks(e);
      this.failConnector(e, err);
    }
  }

  private failConnector(e: Entry, err: unknown): void {
    e.state = 'FAILED';
    e.trace = err instanceof Error ? traceOf(err) : String(err);
    const level = isConfigError(err) ? 'warn' : 'error';
    this.logger[level]({ err, connector: e.name }, 'connector failed');
  }

  private async stopTasks(e: Entry): Promise<void> {
    const runners = e.runners;
    e.runners = [];
    await Promise.all(runners.map((r) => r.stop(this.worker.settings.taskShutdownTimeoutMs)));
  }

  private async stopConnector(e: Entry): Promise<void> {
    await this.stopTasks(e);
    const c = e.connector;
    e.connector = null;
    try {
      await c?.stop();
    } catch (err) {
      this.logger.warn({ err, connector: e.name }, 'connector stop failed');
    }
  }

  /** Stops every connector (worker shutdown); source offsets are flushed by each task's stop. */
  async close(): Promise<void> {
    await this.serial(async () => {
      for (const e of this.#connectors.values()) await this.stopConnector(e);
    });
  }
}
