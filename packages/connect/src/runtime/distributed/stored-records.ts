/**
 * The records a distributed Connect cluster keeps in its internal topics, with Kafka Connect's keys
 * and JSON values (KafkaConfigBackingStore, KafkaStatusBackingStore), so a Samsa worker and a Kafka
 * worker read each other's topics. Values are the schemaless JsonConverter's bytes of Kafka's
 * structs, checked against Kafka 3.9's output. Pure codecs: no I/O (the topic logs that carry
 * them, and the distributed herder, come with distributed mode).
 *
 * config.storage.topic: `connector-<name>` → {"properties":{..}}, `task-<name>-<n>` →
 * {"properties":{..}}, `commit-<name>` → {"tasks":N}, `target-state-<name>` →
 * {"state":..,"state.v2":..}, `restart-connector-<name>` → {"include-tasks":..,"only-failed":..};
 * a null value deletes. status.storage.topic: `status-connector-<name>`, `status-task-<name>-<n>`
 * → {"state":..,"trace":..,"worker_id":..,"generation":..}.
 */

import { type Schema, Schemas } from '../../api/data/schema.js';
import { SchemaBuilder } from '../../api/data/schema-builder.js';
import { Struct } from '../../api/data/struct.js';
import { JsonConverter } from '../../converters/json-converter.js';

const json = new JsonConverter();
json.configure({ 'schemas.enable': 'false' });

const PROPERTIES = SchemaBuilder.struct()
  .field('properties', SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.OPTIONAL_STRING_SCHEMA).build())
  .build();
const COMMIT = SchemaBuilder.struct().field('tasks', Schemas.INT32_SCHEMA).build();
const TARGET_STATE = SchemaBuilder.struct()
  .field('state', Schemas.STRING_SCHEMA)
  .field('state.v2', Schemas.OPTIONAL_STRING_SCHEMA)
  .build();
const RESTART = SchemaBuilder.struct()
  .field('include-tasks', Schemas.BOOLEAN_SCHEMA)
  .field('only-failed', Schemas.BOOLEAN_SCHEMA)
  .build();
const STATUS = SchemaBuilder.struct()
  .field('state', Schemas.STRING_SCHEMA)
  .field('trace', Schemas.OPTIONAL_STRING_SCHEMA)
  .field('worker_id', Schemas.STRING_SCHEMA)
  .field('generation', Schemas.INT32_SCHEMA)
  .build();

export type StoredTargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

export interface StoredRecord {
  key: string;
  /** null: a tombstone. */
  value: Buffer | null;
}

function encode(schema: Schema, fields: Record<string, unknown>): Buffer {
  const s = new Struct(schema);
  for (const [k, v] of Object.entries(fields)) s.put(k, v);
  return json.fromConnectData('', schema, s) as Buffer;
}

const props = (p: Readonly<Record<string, string>>) => ({ properties: new Map(Object.entries(p)) });

export const StoredRecords = {
  connectorConfig: (name: string, p: Readonly<Record<string, string>> | null): StoredRecord => ({
    key: `connector-${name}`,
    value: p === null ? null : encode(PROPERTIES, props(p)),
  }),
  taskConfig: (name: string, task: number, p: Readonly<Record<string, string>>): StoredRecord => ({
    key: `task-${name}-${task}`,
    value: encode(PROPERTIES, props(p)),
  }),
  commit: (name: string, tasks: number): StoredRecord => ({ key: `commit-${name}`, value: encode(COMMIT, { tasks }) }),
  /** Kafka writes STOPPED as "PAUSED" in `state` so that workers older than 3.5 pause instead. */
  targetState: (name: string, state: StoredTargetState | null): StoredRecord => ({
    key: `target-state-${name}`,
    value:
      state === null
        ? null
        : encode(TARGET_STATE, { state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state }),
  }),
  restartRequest: (name: string, includeTasks: boolean, onlyFailed: boolean): StoredRecord => ({
    key: `restart-connector-${name}`,
    value: encode(RESTART, { 'include-tasks': includeTasks, 'only-failed': onlyFailed }),
  }),
  connectorStatus: (name: string, s: StoredStatus): StoredRecord => ({
    key: `status-connector-${name}`,
    value: encode(STATUS, { state: s.state, trace: s.trace, worker_id: s.workerId, generation: s.generation }),
  }),
  taskStatus: (name: string, task: number, s: StoredStatus): StoredRecord => ({
    key: `status-task-${name}-${task}`,
    value: encode(STATUS, { state: s.state, trace: s.trace, worker_id: s.workerId, generation: s.generation }),
  }),
};

export interface StoredStatus {
  state: string;
  trace: string | null;
  workerId: string;
  generation: number;
}

/** A value read back as the schemaless JSON it is (objects as plain objects). */
export function readStoredValue(value: Buffer | null): Record<string, unknown> | null {
  if (value === null) return null;
  const v = json.toConnectData('', value).value;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
