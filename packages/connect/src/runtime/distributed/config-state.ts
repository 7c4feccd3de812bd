/**
 * What a worker knows after replaying config.storage.topic (Kafka's KafkaConfigBackingStore
 * ClusterConfigState): connector configs, target states, and each connector's task configs — which
 * only become visible when the `commit-<name>` record that counts them arrives, so a worker never
 * runs half of a reconfiguration written by a leader that died mid-way. Owner: the log reader that
 * replays the topic; apply() is called in offset order, nothing else mutates it.
 */
import { readStoredValue, type StoredTargetState } from './stored-records.js';

export class ConfigState {
  readonly connectors = new Map<string, Record<string, string>>();
  readonly targetStates = new Map<string, StoredTargetState>();
  readonly taskConfigs = new Map<string, Array<Record<string, string>>>();
  /** Task configs seen since the connector's last commit record. */
  readonly #pending = new Map<string, Map<number, Record<string, string>>>();
  /** Connectors whose pending task configs did not add up at their commit (Kafka's inconsistent set). */
  readonly inconsistent = new Set<string>();

  apply(key: string, value: Buffer | null): void {
    const v = readStoredValue(value);
    if (key.startsWith('connector-')) {
      const name = key.slice('connector-'.length);
      if (v === null) {
        this.connectors.delete(name);
        this.taskConfigs.delete(name);
        this.targetStates.delete(name);
        this.#pending.delete(name);
      } else {
        this.connectors.set(name, stringMap(v.properties));
        if (!this.targetStates.has(name)) this.targetStates.set(name, 'STARTED');
      }
      return;
    }
    if (key.startsWith('target-state-')) {
      const name = key.slice('target-state-'.length);
      if (v === null) this.targetStates.delete(name);
      else this.targetStates.set(name, ((v['state.v2'] ?? v.state) as StoredTargetState) ?? 'STARTED');
      return;
    }
    if (key.startsWith('task-')) {
      const m = /^task-(.+)-(\d+)$/.exec(key);
      if (!m || v === null) return;
      const name = m[1] as string;
      const pending = this.#pending.get(name) ?? new Map<number, Record<string, string>>();
      pending.set(Number(m[2]), stringMap(v.properties));
      this.#pending.set(name, pending);
      return;
    }
    if (key.startsWith('commit-')) {
      const name = key.slice('commit-'.length);
      const count = Number(v?.tasks ?? 0);
      const pending = this.#pending.get(name) ?? new Map<number, Record<string, string>>();
      const tasks: Array<Record<string, string>> = [];
      for (let t = 0; t < count; t++) {
        const c = pending.get(t);
        if (!c) {
          // A task config the commit counts is missing: Kafka marks the connector inconsistent and
          // keeps its previous tasks until a leader writes a complete set.
          this.inconsistent.add(name);
          return;
        }
        tasks.push(c);
      }
      this.inconsistent.delete(name);
      this.taskConfigs.set(name, tasks);
      this.#pending.delete(name);
    }
  }
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      if (x !== null && x !== undefined) out[k] = String(x);
  }
  return out;
}
