/**
 * Kafka's split()/BranchedKStream/Branched: a record goes to the first branch whose predicate it
 * passes, else to the default branch, else nowhere. The split node (`KSTREAM-BRANCH-<n>` or its
 * Named name) forwards to one pass-through child per branch, named prefix + the branch's name, or
 * prefix + its position (1, 2, ...; the default branch 0) — those names are also the keys of the
 * map `defaultBranch()`/`noDefaultBranch()` returns, as in Kafka.
 */
import type { ProcessorContext, ProcessorSupplier } from '../processor/processor.js';
import { Names } from './internal-builder.js';
import { KStream, type StreamShape } from './kstream.js';
import { passThroughProcessor } from './stateless-processors.js';

export interface BranchedOptions<K, V> {
  name?: string;
  /** Transforms the branch; its result goes into the map (Kafka's Branched.withFunction). */
  chain?: (stream: KStream<K, V>) => KStream<K, V> | null;
  /** Consumes the branch; nothing goes into the map (Kafka's Branched.withConsumer). */
  consumer?: (stream: KStream<K, V>) => void;
}

export const Branched = {
  as<K, V>(name: string): BranchedOptions<K, V> {
    return { name };
  },
  withFunction<K, V>(chain: (s: KStream<K, V>) => KStream<K, V> | null, name?: string): BranchedOptions<K, V> {
    return { chain, name };
  },
  withConsumer<K, V>(consumer: (s: KStream<K, V>) => void, name?: string): BranchedOptions<K, V> {
    return { consumer, name };
  },
};

function splitProcessor<K, V>(
  branches: Array<{ predicate: (key: K, value: V) => boolean; child: string }>,
): ProcessorSupplier<K, V, K, V> {
  return () => {
    let ctx: ProcessorContext<K, V>;
    return {
      init(c) {
        ctx = c;
      },
      process(record) {
        for (const b of branches) {
          if (b.predicate(record.key, record.value)) {
            ctx.forward(record, b.child);
            return;
          }
        }
      },
    };
  };
}

export class BranchedKStream<K, V> {
  private readonly branches: Array<{ predicate: (key: K, value: V) => boolean; child: string }> = [];
  private readonly result = new Map<string, KStream<K, V>>();
  private position = 1;

  constructor(
    private readonly parent: StreamShape<K, V>,
    private readonly splitName: string,
  ) {
    parent.builder.topology.addProcessor(splitName, splitProcessor(this.branches), parent.name);
  }

  branch(predicate: (key: K, value: V) => boolean, branched: BranchedOptions<K, V> = {}): this {
    this.add(predicate, branched, String(this.position++));
    return this;
  }

  defaultBranch(branched: BranchedOptions<K, V> = {}): Map<string, KStream<K, V>> {
    this.add(() => true, branched, '0');
    return this.result;
  }

  noDefaultBranch(): Map<string, KStream<K, V>> {
    return this.result;
  }

  private add(predicate: (key: K, value: V) => boolean, branched: BranchedOptions<K, V>, position: string): void {
    const { builder } = this.parent;
    builder.newProcessorName(Names.BRANCH);
    const child = `${this.splitName}${branched.name ?? position}`;
    builder.topology.addProcessor(child, passThroughProcessor<K, V>(), this.splitName);
    this.branches.push({ predicate, child });
    const stream = new KStream<K, V>({ ...this.parent, name: child });
    if (branched.consumer) {
      branched.consumer(stream);
      return;
    }
    const out = branched.chain ? branched.chain(stream) : stream;
    if (out) this.result.set(child, out);
  }
}
