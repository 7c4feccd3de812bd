/**
 * The distributed herder (Kafka's DistributedHerder, eager rebalancing): connector configs, task
 * configs and target states live in config.storage.topic, statuses in status.storage.topic, source
 * offsets in offset.storage.topic; the group's leader assigns connectors and tasks round-robin and
 * is the only writer of configs (other workers forward writes to it over REST, rest-forwarding.ts).
 * Any change to a connector or its tasks makes the leader rebalance; pause, resume, stop and
 * restart are applied by each worker to what it runs, as the records arrive.
 * Owner: startDistributed. Changes run through one promise queue (serial), as in standalone.
 */
import type { Logger } from '@samsa/common';
import type { SinkConnector, SourceConnector } from '../../api/connector.js';
import { ConnectError } from '../../api/errors.js';
import type { ConnectorInfo, ConnectorStatus, Herder, TargetState, TaskStatus } from '../herder-api.js';
import { HerderError } from '../herder-error.js';
import { completeTaskConfigs } from '../task-configs.js';
import { type TaskRunner, traceOf } from '../task-runner.js';
import { type ConfigInfos, invalidConfigMessage, validateConnectorConfig } from '../validation.js';
import type { Worker } from '../worker.js';
import { ConfigState } from './config-state.js';
import { assignEagerly, CONNECTOR_TASK, type ConnectAssignment } from './connect-protocol.js';
import type { DistributedSettings } from './distributed-config.js';
import { StoredRecords, type StoredStatus } from './stored-records.js';
import { TopicLog } from './topic-log.js';
import { type TopicOffsetStore, TopicStatusStore } from './topic-stores.js';
import { WorkerGroup } from './worker-group.js';

const REBALANCING =
  'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)';

export class DistributedHerder implements Herder {
  readonly configs = new ConfigState();
  readonly statuses = new TopicStatusStore();
  /** The URL of this worker's REST API, as other workers reach it (set once it listens). */
  url = '';
  leaderUrl: string | null = null;
  isLeader = false;
  /**
   * Kafka's ClusterConfigState offset: the offset after the last config record applied, -1 before
   * any. Kafka's workers compare it with the assignment's for equality.
   */
  private configOffset = -1n;
  private readonly configLog: TopicLog;
  private readonly statusLog: TopicLog;
  private readonly offsetLog: TopicLog;
  private readonly group: WorkerGroup;
  private readonly connectors = new Map<string, SourceConnector | SinkConnector>();
  private readonly runners = new Map<string, TaskRunner>();
  private generation = -1;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly worker: Worker,
    settings: DistributedSettings,
    private readonly logger: Logger,
  ) {
    const base = {
      bootstrapServers: worker.settings.bootstrapServers,
      admin: worker.admin,
      logger: logger.child({ subsystem: 'internal-topics' }),
    };
    this.configLog = new TopicLog({
      ...base,
      topic: settings.configTopic,
      partitions: 1,
      replicationFactor: settings.configReplicationFactor,
      clientId: `${settings.groupId}-configs`,
      onRecord: (r) => this.onConfigRecord(r.key?.toString('utf8') ?? '', r.value, r.offset),
    });
    this.statusLog = new TopicLog({
      ...base,
      topic: settings.statusTopic,
      partitions: settings.statusPartitions,
      replicationFactor: settings.statusReplicationFactor,
      clientId: `${settings.groupId}-statuses`,
      onRecord: (r) => this.statuses.onRecord(r),
    });
    const offsets = worker.offsets as TopicOffsetStore;
    this.offsetLog = new TopicLog({
      ...base,
      topic: settings.offsetTopic,
      partitions: settings.offsetPartitions,
      replicationFactor: settings.offsetReplicationFactor,
      clientId: `${settings.groupId}-offsets`,
      onRecord: (r) => offsets.onRecord(r),
    });
    offsets.log = this.offsetLog;
    this.statuses.log = this.statusLog;
    this.group = new WorkerGroup({
      admin: worker.admin,
      groupId: settings.groupId,
      sessionTimeoutMs: settings.sessionTimeoutMs,
      rebalanceTimeoutMs: settings.rebalanceTimeoutMs,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      logger: logger.child({ subsystem: 'group' }),
      host: {
        metadata: () => ({ url: this.url, configOffset: this.configOffset }),
        assign: (leaderId, members) => this.computeAssignment(leaderId, members),
        revokeAll: () => this.serial(() => this.stopEverything()),
        assigned: (a, generation, memberId) => this.serial(() => this.runAssignment(a, generation, memberId)),
      },
    });
  }

  async start(): Promise<void> {
    await this.statusLog.start();
    await this.offsetLog.start();
    await this.configLog.start();
    this.group.start();
  }

  get rebalancing(): boolean {
    return this.group.rebalancing;
  }

  serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => {});
    return next;
  }

  // ---- the config topic ----

  private onConfigRecord(key: string, value: Buffer | null, offset: bigint): void {
    this.configs.apply(key, value);
    this.configOffset = offset + 1n;
    if (key.startsWith('target-state-')) {
      const name = key.slice('target-state-'.length);
      this.serial(() => this.applyTargetState(name)).catch((err) =>
        this.logger.error({ err, connector: name }, 'applying a target state failed'),
      );
      // Stopping drops the tasks and resuming (from STOPPED) regenerates them: both reassign.
      // Pausing is applied in place by the workers that run the tasks.
      if (this.isLeader && this.configs.targetStates.get(name) !== 'PAUSED') this.group.requestRejoin();
    } else if (key.startsWith('restart-connector-')) {
      const name = key.slice('restart-connector-'.length);
      const v = value ? (JSON.parse(value.toString('utf8')) as Record<string, boolean>) : {};
      this.serial(() => this.applyRestart(name, v['include-tasks'] === true, v['only-failed'] === true)).catch((err) =>
        this.logger.error({ err, connector: name }, 'restart failed'),
      );
    } else if (this.isLeader && (key.startsWith('connector-') || key.startsWith('commit-'))) {
      this.group.requestRejoin();
    }
  }

  private async write(records: ReadonlyArray<{ key: string; value: Buffer | null }>): Promise<void> {
    for (const r of records) await this.configLog.send(r.key, r.value);
    await this.configLog.readToEnd();
  }

  private requireLeader(): void {
    if (!this.isLeader || this.group.rebalancing) throw new HerderError('CONFLICT', REBALANCING);
  }

  // ---- group callbacks ----

  private async computeAssignment(
    leaderId: string,
    members: ReadonlyArray<{ memberId: string; metadata: { url: string; configOffset: bigint } }>,
  ): Promise<Map<string, ConnectAssignment>> {
    await this.configLog.readToEnd();
    const counts = new Map<string, number>();
    for (const name of this.configs.connectors.keys()) {
      const stopped = this.configs.targetStates.get(name) === 'STOPPED';
      counts.set(name, stopped ? 0 : (this.configs.taskConfigs.get(name)?.length ?? 0));
    }
    const leaderUrl = members.find((m) => m.memberId === leaderId)?.metadata.url ?? '';
    const dealt = assignEagerly(
      members.map((m) => m.memberId),
      counts,
    );
    const out = new Map<string, ConnectAssignment>();
    for (const [memberId, assignment] of dealt) {
      out.set(memberId, { error: 0, leader: leaderId, leaderUrl, configOffset: this.configOffset, assignment });
    }
    return out;
  }

  private async stopEverything(): Promise<void> {
    const runners = [...this.runners.values()];
    this.runners.clear();
    await Promise.all(runners.map((r) => r.stop(this.worker.settings.taskShutdownTimeoutMs)));
    for (const [name, c] of this.connectors) {
      try {
        await c.stop();
      } catch (err) {
        this.logger.warn({ err, connector: name }, 'connector stop failed');
      }
    }
    this.connectors.clear();
  }

  private async runAssignment(a: ConnectAssignment, generation: number, memberId: string): Promise<void> {
    this.generation = generation;
    // Kafka's workers advertise their URL with a trailing slash.
    this.leaderUrl = a.leaderUrl.replace(/\/+$/, '');
    this.isLeader = a.leader === memberId;
    if (this.configOffset < a.configOffset) await this.configLog.readToEnd();
    await this.offsetLog.readToEnd();
    this.logger.info(
      { generation, leader: this.isLeader, assignment: Object.fromEntries(a.assignment) },
      'assignment received',
    );
    for (const [name, tasks] of a.assignment) {
      if (tasks.includes(CONNECTOR_TASK)) await this.startConnector(name);
      for (const t of tasks) if (t !== CONNECTOR_TASK) await this.startTask(name, t);
    }
  }

  private stored(state: string, trace: string | null = null): StoredStatus {
    return { state, trace, workerId: this.worker.workerId, generation: this.generation };
  }

  private async startConnector(name: string): Promise<void> {
    const props = this.configs.connectors.get(name);
    if (!props) return;
    const target = this.configs.targetStates.get(name) ?? 'STARTED';
    if (target === 'STOPPED') {
      await this.statuses.putConnector(name, this.stored('STOPPED'));
      return;
    }
    try {
      const connector = this.worker.plugins.connector(props['connector.class'] as string).create() as
        | SourceConnector
        | SinkConnector;
      connector.initialize({
        requestTaskReconfiguration: () => {
          this.serial(() => this.reconfigure(name)).catch((err) =>
            this.logger.error({ err, connector: name }, 'task reconfiguration failed'),
          );
        },
        raiseError: (err) => {
          this.statuses.putConnector(name, this.stored('FAILED', traceOf(err))).catch(() => {});
        },
      });
      await connector.start(props);
      this.connectors.set(name, connector);
      await this.statuses.putConnector(name, this.stored(target === 'PAUSED' ? 'PAUSED' : 'RUNNING'));
    } catch (err) {
      await this.statuses.putConnector(name, this.stored('FAILED', err instanceof Error ? traceOf(err) : String(err)));
      return;
    }
    try {
      await this.reconfigure(name);
    } catch (err) {
      // The leader is rebalancing or gone: the next assignment starts the connector again, and
      // with it this reconfiguration. Not a failure of the connector.
      this.logger.warn({ err, connector: name }, 'task configs not written yet');
    }
  }

  /** The connector's task configs; written (through the leader) when they changed. */
  private async reconfigure(name: string): Promise<void> {
    const connector = this.connectors.get(name);
    const props = this.configs.connectors.get(name);
    if (!connector || !props) return;
    const next = completeTaskConfigs(connector, props);
    if (JSON.stringify(next) === JSON.stringify(this.configs.taskConfigs.get(name) ?? null)) return;
    if (this.isLeader) {
      await this.writeTaskConfigs(name, next);
      return;
    }
    if (!this.leaderUrl) return;
    const res = await fetch(`${this.leaderUrl}/connectors/${encodeURIComponent(name)}/tasks?forward=false`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(next),
    });
    if (!res.ok)
      throw new ConnectError(`the leader refused the task configs of ${name}: ${res.status} ${await res.text()}`);
  }

  /** Leader only (Kafka's internal POST /connectors/{c}/tasks): task records, then their commit. */
  async writeTaskConfigs(name: string, configs: ReadonlyArray<Record<string, string>>): Promise<void> {
    if (!this.isLeader) throw new HerderError('CONFLICT', REBALANCING);
    const records = configs.map((c, t) => StoredRecords.taskConfig(name, t, c));
    await this.write([...records, StoredRecords.commit(name, configs.length)]);
  }

  private async startTask(name: string, task: number): Promise<void> {
    const props = this.configs.connectors.get(name);
    const taskConfig = this.configs.taskConfigs.get(name)?.[task];
    if (!props || !taskConfig) return;
    try {
      const connector = this.worker.plugins.connector(props['connector.class'] as string).create() as
        | SourceConnector
        | SinkConnector;
      const runner = await this.worker.taskRunner({
        connector,
        connectorName: name,
        connectorConfig: props,
        taskId: task,
        taskConfig,
      });
      runner.onStateChange = (r) => {
        this.statuses.putTask(name, task, this.stored(r.state, r.trace)).catch(() => {});
      };
      this.runners.set(`${name}-${task}`, runner);
      runner.start(this.configs.targetStates.get(name) === 'PAUSED');
    } catch (err) {
      await this.statuses.putTask(name, task, this.stored('FAILED', err instanceof Error ? traceOf(err) : String(err)));
    }
  }

  private ownRunners(name: string): TaskRunner[] {
    return [...this.runners.values()].filter((r) => r.id.connector === name);
  }

  private async applyTargetState(name: string): Promise<void> {
    const target = this.configs.targetStates.get(name) ?? 'STARTED';
    const owned = this.connectors.has(name);
    for (const r of this.ownRunners(name)) {
      if (target === 'PAUSED') r.pause();
      else if (target === 'STARTED') r.resume();
    }
    if (target === 'PAUSED' && owned) await this.statuses.putConnector(name, this.stored('PAUSED'));
    if (target === 'STARTED' && owned) await this.statuses.putConnector(name, this.stored('RUNNING'));
  }

  private async applyRestart(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<void> {
    const connectorFailed = this.statuses.connector(name)?.state === 'FAILED';
    if (this.connectors.has(name) && (!onlyFailed || connectorFailed)) {
      const c = this.connectors.get(name);
      this.connectors.delete(name);
      await c?.stop();
      await this.startConnector(name);
    }
    if (!includeTasks) return;
    for (const r of this.ownRunners(name)) {
      if (onlyFailed && r.state !== 'FAILED') continue;
      this.runners.delete(`${name}-${r.id.task}`);
      await r.stop(this.worker.settings.taskShutdownTimeoutMs);
      await this.startTask(name, r.id.task);
    }
  }

  // ---- the Herder interface (the REST API) ----

  connectorNames(): string[] {
    return [...this.configs.connectors.keys()].sort();
  }

  private props(name: string): Record<string, string> {
    const p = this.configs.connectors.get(name);
    if (!p) throw new HerderError('NOT_FOUND', `Connector ${name} not found`);
    return p;
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

  putConnectorConfig(
    name: string,
    config: Record<string, string>,
    opts: { allowReplace: boolean; initialState?: TargetState },
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    return this.serial(async () => {
      this.requireLeader();
      const exists = this.configs.connectors.has(name);
      if (exists && !opts.allowReplace) throw new HerderError('ALREADY_EXISTS', `Connector ${name} already exists`);
      const full = { ...config, name };
      const infos = this.validate(full);
      if (infos.error_count > 0) throw new HerderError('BAD_REQUEST', invalidConfigMessage(infos));
      const records = [];
      if (!exists && opts.initialState) records.push(StoredRecords.targetState(name, opts.initialState));
      records.push(StoredRecords.connectorConfig(name, full));
      await this.write(records);
      return { created: !exists, info: this.info(name) };
    });
  }

  info(name: string): ConnectorInfo {
    const config = this.props(name);
    return {
      name,
      config: { ...config },
      tasks: (this.configs.taskConfigs.get(name) ?? []).map((_, task) => ({ connector: name, task })),
      type: this.connectorType(name),
    };
  }

  config(name: string): Record<string, string> {
    return { ...this.props(name) };
  }

  taskConfigs(name: string): Array<{ id: { connector: string; task: number }; config: Record<string, string> }> {
    this.props(name);
    return (this.configs.taskConfigs.get(name) ?? []).map((config, task) => ({
      id: { connector: name, task },
      config: { ...config },
    }));
  }

  status(name: string): ConnectorStatus {
    this.props(name);
    const c = this.statuses.connector(name);
    const tasks = (this.configs.taskConfigs.get(name) ?? []).map((_, t) => this.taskStatus(name, t));
    return {
      name,
      connector: {
        state: (c?.state ?? 'UNASSIGNED') as ConnectorStatus['connector']['state'],
        worker_id: c?.workerId ?? '',
        ...(c?.trace ? { trace: c.trace } : {}),
      },
      tasks: this.targetState(name) === 'STOPPED' ? [] : tasks,
      type: this.connectorType(name),
    };
  }

  taskStatus(name: string, task: number): TaskStatus {
    const s = this.statuses.task(name, task);
    return {
      id: task,
      state: s?.state ?? 'UNASSIGNED',
      worker_id: s?.workerId ?? '',
      ...(s?.trace ? { trace: s.trace } : {}),
    };
  }

  activeTopics(name: string): string[] {
    this.props(name);
    const topics = new Set<string>();
    for (const r of this.ownRunners(name)) for (const t of r.activeTopics) topics.add(t);
    return [...topics].sort();
  }

  resetActiveTopics(name: string): void {
    for (const r of this.ownRunners(name)) r.activeTopics.clear();
  }

  targetState(name: string): TargetState {
    this.props(name);
    return this.configs.targetStates.get(name) ?? 'STARTED';
  }

  connectorType(name: string): 'source' | 'sink' {
    const cls = this.props(name)['connector.class'] as string;
    return this.worker.plugins.connector(cls).kind === 'sink' ? 'sink' : 'source';
  }

  deleteConnector(name: string): Promise<void> {
    return this.serial(async () => {
      this.requireLeader();
      this.props(name);
      await this.write([StoredRecords.connectorConfig(name, null), StoredRecords.targetState(name, null)]);
    });
  }

  pause(name: string): Promise<void> {
    return this.setTarget(name, 'PAUSED');
  }

  resume(name: string): Promise<void> {
    return this.setTarget(name, 'STARTED');
  }

  stop(name: string): Promise<void> {
    return this.setTarget(name, 'STOPPED');
  }

  private setTarget(name: string, state: TargetState): Promise<void> {
    return this.serial(async () => {
      this.requireLeader();
      this.props(name);
      if (state === 'PAUSED' && this.configs.targetStates.get(name) === 'STOPPED') return;
      const records = [StoredRecords.targetState(name, state)];
      if (state === 'STOPPED') records.push(StoredRecords.commit(name, 0)); // a stopped connector has no tasks
      await this.write(records);
    });
  }

  restart(name: string, opts: { includeTasks: boolean; onlyFailed: boolean }): Promise<ConnectorStatus> {
    return this.serial(async () => {
      this.requireLeader();
      const before = this.status(name);
      if (!opts.onlyFailed || before.connector.state === 'FAILED') before.connector.state = 'RESTARTING';
      if (opts.includeTasks)
        for (const t of before.tasks) if (!opts.onlyFailed || t.state === 'FAILED') t.state = 'RESTARTING';
      await this.write([StoredRecords.restartRequest(name, opts.includeTasks, opts.onlyFailed)]);
      return before;
    });
  }

  async restartTask(name: string, task: number): Promise<void> {
    this.props(name);
    const local = this.runners.get(`${name}-${task}`);
    if (local) {
      await this.serial(async () => {
        this.runners.delete(`${name}-${task}`);
        await local.stop(this.worker.settings.taskShutdownTimeoutMs);
        await this.startTask(name, task);
      });
      return;
    }
    const owner = this.statuses.task(name, task)?.workerId;
    if (!owner || owner === this.worker.workerId) throw new HerderError('NOT_FOUND', `Task ${name}-${task} not found`);
    const res = await fetch(
      `http://${owner}/connectors/${encodeURIComponent(name)}/tasks/${task}/restart?forward=false`,
      { method: 'POST' },
    );
    if (!res.ok)
      throw new HerderError('CONFLICT', `the worker running ${name}-${task} refused the restart (${res.status})`);
  }

  async close(): Promise<void> {
    await this.group.stop();
    await this.serial(() => this.stopEverything());
    await Promise.allSettled([this.configLog.stop(), this.statusLog.stop(), this.offsetLog.stop()]);
  }
}
