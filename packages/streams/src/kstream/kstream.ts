/**
 * KStream: a record stream in the DSL. Every operation adds nodes to the builder's topology,
 * named as Kafka names them, and returns a new KStream; nothing runs here. `repartitionRequired`
 * records that the key may have changed (map, selectKey, flatMap), so a later grouping writes
 * through a repartition topic first, as Kafka does.
 */
import { topologyError } from '../errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { AnyProcessorSupplier } from '../processor/topology.js';
import type { Serde } from '../serdes/serde.js';
import { BranchedKStream } from './branched-kstream.js';
import { type GlobalKTable, GlobalKTable as GlobalKTableClass } from './global-ktable.js';
import { type InternalStreamsBuilder, Names } from './internal-builder.js';
import { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import type { Grouped, Named, Produced } from './options.js';
import {
  filterProcessor,
  flatMapProcessor,
  flatMapValuesProcessor,
  foreachProcessor,
  mapProcessor,
  mapValuesProcessor,
  passThroughProcessor,
  peekProcessor,
  selectKeyProcessor,
} from './stateless-processors.js';
import type { StreamJoinedOptions } from './stream-joined.js';
import { buildStreamStreamJoin, type StreamJoinKind } from './stream-stream-join.js';
import { streamTableJoinProcessor } from './stream-table-join.js';
import type { JoinWindows } from './windows/join-windows.js';

export interface StreamShape<K, V> {
  builder: InternalStreamsBuilder;
  name: string;
  keySerde: Serde<K> | null;
  valueSerde: Serde<V> | null;
  repartitionRequired: boolean;
}

export class KStream<K, V> {
  constructor(protected readonly shape: StreamShape<K, V>) {}

  /** @internal The builder, node and serdes (for joins and branches). */
  get streamShape(): StreamShape<K, V> {
    return this.shape;
  }

  /** The name of the node this stream comes out of. */
  get nodeName(): string {
    return this.shape.name;
  }

  private add<KR, VR>(
    prefix: string,
    supplier: AnyProcessorSupplier,
    next: { keyChanged: boolean; keySerde?: Serde<KR> | null; valueSerde?: Serde<VR> | null },
    named?: Named,
  ): KStream<KR, VR> {
    const { builder } = this.shape;
    const name = named?.name ?? builder.newProcessorName(prefix);
    builder.topology.addProcessor(name, supplier, this.shape.name);
    return new KStream<KR, VR>({
      builder,
      name,
      keySerde: next.keySerde === undefined ? (this.shape.keySerde as unknown as Serde<KR> | null) : next.keySerde,
      valueSerde:
        next.valueSerde === undefined ? (this.shape.valueSerde as unknown as Serde<VR> | null) : next.valueSerde,
      repartitionRequired: this.shape.repartitionRequired || next.keyChanged,
    });
  }

  filter(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    return this.add(Names.FILTER, filterProcessor(predicate, false), { keyChanged: false }, named);
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    return this.add(Names.FILTER, filterProcessor(predicate, true), { keyChanged: false }, named);
  }

  map<KR, VR>(mapper: (key: K, value: V) => [KR, VR], named?: Named): KStream<KR, VR> {
    return this.add(Names.MAP, mapProcessor(mapper), { keyChanged: true, keySerde: null, valueSerde: null }, named);
  }

  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named): KStream<K, VR> {
    return this.add(Names.MAPVALUES, mapValuesProcessor(mapper), { keyChanged: false, valueSerde: null }, named);
  }

  flatMap<KR, VR>(mapper: (key: K, value: V) => Iterable<[KR, VR]>, named?: Named): KStream<KR, VR> {
    return this.add(
      Names.FLATMAP,
      flatMapProcessor(mapper),
      { keyChanged: true, keySerde: null, valueSerde: null },
      named,
    );
  }

  flatMapValues<VR>(mapper: (value: V, key: K) => Iterable<VR>, named?: Named): KStream<K, VR> {
    return this.add(
      Names.FLATMAPVALUES,
      flatMapValuesProcessor(mapper),
      { keyChanged: false, valueSerde: null },
      named,
    );
  }

  selectKey<KR>(selector: (key: K, value: V) => KR, named?: Named): KStream<KR, V> {
    return this.add(Names.KEY_SELECT, selectKeyProcessor(selector), { keyChanged: true, keySerde: null }, named);
  }

  peek(action: (key: K, value: V) => void, named?: Named): KStream<K, V> {
    return this.add(Names.PEEK, peekProcessor(action), { keyChanged: false }, named);
  }

  foreach(action: (key: K, value: V) => void, named?: Named): void {
    this.add(Names.FOREACH, foreachProcessor(action), { keyChanged: false }, named);
  }

  merge(other: KStream<K, V>, named?: Named): KStream<K, V> {
    const { builder } = this.shape;
    const name = named?.name ?? builder.newProcessorName(Names.MERGE);
    builder.topology.addProcessor(name, passThroughProcessor<K, V>(), this.shape.name, other.shape.name);
    return new KStream<K, V>({
      builder,
      name,
      keySerde: null,
      valueSerde: null,
      repartitionRequired: this.shape.repartitionRequired || other.shape.repartitionRequired,
    });
  }

  /** Adds a processor of the Processor API (Kafka's KStream#process) reading this stream. */
  process<KR, VR>(
    supplier: ProcessorSupplier<K, V, KR, VR>,
    options: Named & { stores?: string[] } = {},
  ): KStream<KR, VR> {
    const out = this.add<KR, VR>(
      'KSTREAM-PROCESSOR-',
      supplier,
      { keyChanged: true, keySerde: null, valueSerde: null },
      options,
    );
    if (options.stores?.length)
      this.shape.builder.topology.connectProcessorAndStateStores(out.nodeName, ...options.stores);
    return out;
  }

  /**
   * Joins: with a KStream, windowed (JoinWindows, options in StreamJoined); with a KTable, a lookup
   * by key; with a GlobalKTable, a lookup by the key `keySelector` returns. Kafka's
   * join/leftJoin/outerJoin overloads, told apart by the other argument's type.
   */
  join<VO, VR>(
    other: KStream<K, VO>,
    joiner: (value: V, otherValue: VO, key: K) => VR,
    windows: JoinWindows,
    joined?: StreamJoinedOptions<K, V, VO>,
  ): KStream<K, VR>;
  join<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT, key: K) => VR, named?: Named): KStream<K, VR>;
  join<KT, VT, VR>(
    table: GlobalKTable<KT, VT>,
    keySelector: (key: K, value: V) => KT,
    joiner: (value: V, tableValue: VT, key: K) => VR,
    named?: Named,
  ): KStream<K, VR>;
  join(other: unknown, a: unknown, b?: unknown, c?: unknown): unknown {
    return this.anyJoin('inner', other, a, b, c);
  }

  leftJoin<VO, VR>(
    other: KStream<K, VO>,
    joiner: (value: V, otherValue: VO | null, key: K) => VR,
    windows: JoinWindows,
    joined?: StreamJoinedOptions<K, V, VO>,
  ): KStream<K, VR>;
  leftJoin<VT, VR>(
    table: KTable<K, VT>,
    joiner: (value: V, tableValue: VT | null, key: K) => VR,
    named?: Named,
  ): KStream<K, VR>;
  leftJoin<KT, VT, VR>(
    table: GlobalKTable<KT, VT>,
    keySelector: (key: K, value: V) => KT,
    joiner: (value: V, tableValue: VT | null, key: K) => VR,
    named?: Named,
  ): KStream<K, VR>;
  leftJoin(other: unknown, a: unknown, b?: unknown, c?: unknown): unknown {
    return this.anyJoin('left', other, a, b, c);
  }

  outerJoin<VO, VR>(
    other: KStream<K, VO>,
    joiner: (value: V | null, otherValue: VO | null, key: K) => VR,
    windows: JoinWindows,
    joined?: StreamJoinedOptions<K, V, VO>,
  ): KStream<K, VR> {
    return this.anyJoin('outer', other, joiner, windows, joined) as KStream<K, VR>;
  }

  private anyJoin(kind: StreamJoinKind, other: unknown, a: unknown, b: unknown, c: unknown): unknown {
    const { builder } = this.shape;
    type Joiner = (x: unknown, y: unknown, k: unknown) => unknown;
    if (other instanceof KStream) {
      const right = (other as KStream<K, unknown>).shape;
      if (this.shape.repartitionRequired || right.repartitionRequired) {
        throw topologyError('a stream-stream join of a re-keyed stream needs repartition() first (not automatic yet)');
      }
      const out = buildStreamStreamJoin<K, unknown, unknown, unknown>({
        left: this.shape as StreamShape<K, unknown>,
        right,
        joiner: a as Joiner,
        windows: b as JoinWindows,
        joined: (c ?? {}) as StreamJoinedOptions<K, unknown, unknown>,
        kind,
      });
      builder.topology.addCopartitionGroup([
        ...builder.topology.sourceTopicsOf(this.shape.name),
        ...builder.topology.sourceTopicsOf(right.name),
      ]);
      return out;
    }
    const global = other instanceof GlobalKTableClass;
    const named = (global ? c : b) as Named | undefined;
    const name = named?.name ?? builder.newProcessorName(kind === 'left' ? Names.LEFTJOIN : Names.JOIN);
    if (global) {
      const g = other as GlobalKTable<unknown, unknown>;
      builder.topology.addProcessor(
        name,
        streamTableJoinProcessor({
          getter: { globalStore: g.queryableStoreName },
          keySelector: a as (k: K, v: V) => unknown,
          joiner: b as Joiner,
          leftJoin: kind === 'left',
        }),
        this.shape.name,
      );
    } else {
      const table = other as KTable<K, unknown>;
      if (this.shape.repartitionRequired) {
        throw topologyError('a stream-table join of a re-keyed stream needs repartition() first (not automatic yet)');
      }
      const getter = table.valueGetter();
      builder.topology.addProcessor(
        name,
        streamTableJoinProcessor<K, V, K, unknown, unknown>({
          getter,
          keySelector: (k) => k,
          joiner: a as Joiner,
          leftJoin: kind === 'left',
        }),
        this.shape.name,
      );
      builder.topology.connectProcessorAndStateStores(name, ...getter.stores());
      builder.topology.addCopartitionGroup([
        ...builder.topology.sourceTopicsOf(this.shape.name),
        ...builder.topology.sourceTopicsOf(table.nodeName),
      ]);
    }
    return new KStream<K, unknown>({ ...this.shape, name, valueSerde: null });
  }

  /** Kafka's split(): route each record to the first branch whose predicate it passes. */
  split(named?: Named): BranchedKStream<K, V> {
    const { builder } = this.shape;
    const generated = builder.newProcessorName(Names.BRANCH);
    return new BranchedKStream<K, V>(this.shape, named?.name ?? generated);
  }

  to(topic: string, produced: Produced<K, V> & Named = {}): void {
    const { builder } = this.shape;
    const name = produced.name ?? builder.newProcessorName(Names.SINK);
    builder.topology.addSink(name, topic, this.shape.name, {
      keySerde: produced.keySerde ?? this.shape.keySerde,
      valueSerde: produced.valueSerde ?? this.shape.valueSerde,
    });
  }

  groupByKey(grouped: Grouped<K, V> = {}): KGroupedStream<K, V> {
    return new KGroupedStream<K, V>({
      builder: this.shape.builder,
      name: this.shape.name,
      keySerde: grouped.keySerde ?? this.shape.keySerde,
      valueSerde: grouped.valueSerde ?? this.shape.valueSerde,
      repartitionRequired: this.shape.repartitionRequired,
      repartitionName: grouped.name ?? null,
    });
  }

  groupBy<KR>(selector: (key: K, value: V) => KR, grouped: Grouped<KR, V> = {}): KGroupedStream<KR, V> {
    const selected = this.selectKey(selector);
    return new KGroupedStream<KR, V>({
      builder: this.shape.builder,
      name: selected.nodeName,
      keySerde: grouped.keySerde ?? null,
      valueSerde: grouped.valueSerde ?? this.shape.valueSerde,
      repartitionRequired: true,
      repartitionName: grouped.name ?? null,
    });
  }
}
