/**
 * Builds a stream-stream join (Kafka's KStreamImplJoin): per side a KSTREAM-WINDOWED- node owning
 * that side's window store, then the two join processors, then a KSTREAM-MERGE- of their results.
 * Names as Kafka draws them: the join processors are KSTREAM-JOINTHIS-/JOINOTHER- for an inner
 * join, the other side becomes KSTREAM-OUTEROTHER- when the left side is outer (left, outer join)
 * and this side KSTREAM-OUTERTHIS- for an outer join; each store is its processor's name +
 * `-store`, the shared store of unmatched records KSTREAM-OUTERSHARED-<this index>-store. A
 * StreamJoined name renames the nodes (`<name>-this-windowed`, `<name>-outer-this-join`, ...), a
 * store name the stores (`<store>-this-join-store`, `<store>-outer-shared-join-store`).
 */
import type { Serde } from '../serdes/serde.js';
import { outerJoinStoreBuilder } from '../state/outer-join-store.js';
import { Stores } from '../state/stores.js';
import { Names } from './internal-builder.js';
import { KStream, type StreamShape } from './kstream.js';
import { passThroughProcessor } from './stateless-processors.js';
import type { StreamJoinedOptions } from './stream-joined.js';
import { JoinTimeTrackers, joinWindowProcessor, streamStreamJoinProcessor } from './stream-stream-join-processors.js';
import type { JoinWindows } from './windows/join-windows.js';

export type StreamJoinKind = 'inner' | 'left' | 'outer';

export function buildStreamStreamJoin<K, V1, V2, VR>(args: {
  left: StreamShape<K, V1>;
  right: StreamShape<K, V2>;
  joiner: (value1: V1 | null, value2: V2 | null, key: K) => VR;
  windows: JoinWindows;
  joined: StreamJoinedOptions<K, V1, V2>;
  kind: StreamJoinKind;
}): KStream<K, VR> {
  const { left, right, windows, joined, kind } = args;
  const { builder } = left;
  const leftOuter = kind !== 'inner';
  const rightOuter = kind === 'outer';
  const named = joined.name;
  const thisSuffix = rightOuter ? '-outer-this-join' : '-this-join';
  const otherSuffix = leftOuter ? '-outer-other-join' : '-other-join';

  // Kafka draws every generated name, used or not, so later indexes match.
  const genThisWindowed = builder.newProcessorName(Names.WINDOWED);
  const genOtherWindowed = builder.newProcessorName(Names.WINDOWED);
  const genThisJoin = builder.newProcessorName(rightOuter ? Names.OUTERTHIS : Names.JOINTHIS);
  const genOtherJoin = builder.newProcessorName(leftOuter ? Names.OUTEROTHER : Names.JOINOTHER);
  const genMerge = builder.newProcessorName(Names.MERGE);
  const thisWindowed = named ? `${named}-this-windowed` : genThisWindowed;
  const otherWindowed = named ? `${named}-other-windowed` : genOtherWindowed;
  const thisJoin = named ? `${named}${thisSuffix}` : genThisJoin;
  const otherJoin = named ? `${named}${otherSuffix}` : genOtherJoin;
  const merge = named ? `${named}-merge` : genMerge;

  const base = joined.storeName;
  const thisStore = base ? `${base}${thisSuffix}-store` : `${genThisJoin}-store`;
  const otherStore = base ? `${base}${otherSuffix}-store` : `${genOtherJoin}-store`;
  const sharedSuffix = rightOuter ? '-outer-shared-join' : '-left-shared-join';
  const sharedStore = leftOuter
    ? base
      ? `${base}${sharedSuffix}-store`
      : `${Names.OUTERSHARED}${genThisJoin.slice(-10)}-store`
    : null;

  const keySerde = joined.keySerde ?? left.keySerde ?? right.keySerde;
  const leftSerde = joined.valueSerde ?? left.valueSerde;
  const rightSerde = joined.otherValueSerde ?? right.valueSerde;
  const windowStore = (name: string, serde: Serde<unknown> | null) => {
    const size = windows.size();
    const b = Stores.windowStoreBuilder(
      Stores.inMemoryWindowStore(name, size + windows.gracePeriodMs(), size, true),
      keySerde,
      serde,
    );
    if (joined.loggingEnabled === false) b.withLoggingDisabled();
    else if (joined.logConfig) b.withLoggingEnabled(joined.logConfig);
    return b;
  };

  const trackers = new JoinTimeTrackers();
  const side = (leftSide: boolean) =>
    streamStreamJoinProcessor<K, V1, V2, VR>({
      leftSide,
      otherStoreName: leftSide ? otherStore : thisStore,
      outerStoreName: sharedStore,
      outer: leftSide ? leftOuter : rightOuter,
      windows,
      trackers,
      joiner: args.joiner,
    });

  const t = builder.topology;
  t.addProcessor(thisWindowed, joinWindowProcessor<K, V1>(thisStore), left.name)
    .addProcessor(otherWindowed, joinWindowProcessor<K, V2>(otherStore), right.name)
    .addStateStore(windowStore(thisStore, leftSerde as Serde<unknown> | null), thisWindowed)
    .addStateStore(windowStore(otherStore, rightSerde as Serde<unknown> | null), otherWindowed)
    .addProcessor(thisJoin, side(true), thisWindowed)
    .addProcessor(otherJoin, side(false), otherWindowed)
    .connectProcessorAndStateStores(thisJoin, otherStore)
    .connectProcessorAndStateStores(otherJoin, thisStore);
  if (sharedStore !== null) {
    const shared = outerJoinStoreBuilder<K, V1, V2>(sharedStore, { key: keySerde, left: leftSerde, right: rightSerde });
    if (joined.loggingEnabled === false) shared.withLoggingDisabled();
    t.addStateStore(shared, thisJoin, otherJoin);
  }
  t.addProcessor(merge, passThroughProcessor<K, VR>(), thisJoin, otherJoin);
  return new KStream<K, VR>({ builder, name: merge, keySerde, valueSerde: null, repartitionRequired: false });
}
