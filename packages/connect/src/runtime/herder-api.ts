/**
 * What the REST API asks of a herder, whichever mode runs it (Kafka's Herder interface): the
 * standalone herder answers from memory, the distributed one from the config and status topics.
 */

import type { Admin } from '@samsa/client';
import type { OffsetMap } from '../api/records.js';
import type { Plugins } from './plugins.js';
import type { ConfigInfos } from './validation.js';

export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';
export type ConnectorState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING';

export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: Array<{ connector: string; task: number }>;
  type: 'source' | 'sink';
}

export interface TaskStatus {
  id: number;
  state: string;
  worker_id: string;
  trace?: string;
}

export interface ConnectorStatus {
  name: string;
  connector: { state: ConnectorState; worker_id: string; trace?: string };
  tasks: TaskStatus[];
  type: 'source' | 'sink';
}

/** Source offsets, by connector and source partition (a file in standalone mode, a topic otherwise). */
export interface OffsetStore {
  get(connector: string, partition: OffsetMap): OffsetMap | null;
  list(connector: string): Array<{ partition: OffsetMap; offset: OffsetMap }>;
  set(connector: string, entries: ReadonlyArray<{ partition: OffsetMap; offset: OffsetMap | null }>): Promise<void>;
}

/** The worker resources a herder shares with the REST layer and offset management. */
export interface HerderWorker {
  readonly plugins: Plugins;
  readonly admin: Admin;
  readonly offsets: OffsetStore;
  readonly workerId: string;
}

export interface Herder {
  readonly worker: HerderWorker;
  serial<T>(fn: () => Promise<T> | T): Promise<T>;
  connectorNames(): string[];
  validate(config: Readonly<Record<string, string>>): ConfigInfos & { type: 'source' | 'sink' };
  putConnectorConfig(
    name: string,
    config: Record<string, string>,
    opts: { allowReplace: boolean; initialState?: TargetState },
  ): Promise<{ created: boolean; info: ConnectorInfo }>;
  info(name: string): ConnectorInfo;
  config(name: string): Record<string, string>;
  taskConfigs(name: string): Array<{ id: { connector: string; task: number }; config: Record<string, string> }>;
  status(name: string): ConnectorStatus;
  taskStatus(name: string, task: number): TaskStatus;
  activeTopics(name: string): string[];
  resetActiveTopics(name: string): void;
  targetState(name: string): TargetState;
  connectorType(name: string): 'source' | 'sink';
  deleteConnector(name: string): Promise<void>;
  pause(name: string): Promise<void>;
  resume(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  restart(name: string, opts: { includeTasks: boolean; onlyFailed: boolean }): Promise<ConnectorStatus>;
  restartTask(name: string, task: number): Promise<void>;
}
