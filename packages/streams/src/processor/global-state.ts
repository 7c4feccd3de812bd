/**
 * The global state of one instance (Kafka's GlobalStateManager + GlobalStateUpdateTask): the
 * global stores and the processors that keep them, fed with every partition of their topics. It
 * runs the global sub-topologies as one task that owns no partition (partition -1); the stream
 * tasks read its stores through `store(name)`. Fed by the runtime's global consumer, or directly
 * by the test driver.
 */
import type { Serde } from '../serdes/serde.js';
import type { StateStore } from '../state/state-store.js';
import type { InputRecord, RecordCollector } from './record-collector.js';
import { StreamTask } from './stream-task.js';
import type { Topology } from './topology.js';

export class GlobalState {
  private readonly tasks: StreamTask[] = [];
  private readonly byTopic = new Map<string, StreamTask>();

  constructor(options: {
    topology: Topology;
    applicationId: string;
    defaultKeySerde: Serde<unknown> | null;
    defaultValueSerde: Serde<unknown> | null;
    clock: () => number;
  }) {
    // Global stores log nothing: a collector that receives a record is a bug.
    const collector: RecordCollector = {
      send: (r) => {
        throw new Error(`a global store's processor wrote to ${r.topic}`);
      },
    };
    for (const subtopology of options.topology.globalSubtopologies()) {
      const task = new StreamTask({
        ...options,
        id: { subtopology: subtopology.id, partition: -1 },
        subtopology,
        collector,
      });
      task.init();
      this.tasks.push(task);
      for (const t of subtopology.sourceTopics) this.byTopic.set(t, task);
    }
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  store(name: string): StateStore | undefined {
    for (const t of this.tasks) {
      const s = t.getStore(name);
      if (s) return s;
    }
    return undefined;
  }

  /** Applies one record of a global topic. */
  process(record: InputRecord): void {
    const task = this.byTopic.get(record.topic);
    if (task) task.process(record, record.topic);
  }

  close(): void {
    for (const t of this.tasks) t.close();
  }
}
