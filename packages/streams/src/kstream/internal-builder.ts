/**
 * The state of one StreamsBuilder (Kafka's InternalStreamsBuilder): the topology being built and
 * the one index that numbers every generated node and store name, `PREFIX-%010d`. Processor and
 * store names share the counter, and internal topic names derive from them, so a topology built
 * in the same order as in Java gets the same names and therefore the same topics.
 */
import { Topology } from '../processor/topology.js';

export class InternalStreamsBuilder {
  readonly topology = new Topology();
  private index = 0;

  newProcessorName(prefix: string): string {
    return `${prefix}${String(this.index++).padStart(10, '0')}`;
  }

  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${String(this.index++).padStart(10, '0')}`;
  }
}

/** Kafka's node-name prefixes. */
export const Names = {
  SOURCE: 'KSTREAM-SOURCE-',
  SINK: 'KSTREAM-SINK-',
  FILTER: 'KSTREAM-FILTER-',
  MAP: 'KSTREAM-MAP-',
  MAPVALUES: 'KSTREAM-MAPVALUES-',
  FLATMAP: 'KSTREAM-FLATMAP-',
  FLATMAPVALUES: 'KSTREAM-FLATMAPVALUES-',
  KEY_SELECT: 'KSTREAM-KEY-SELECT-',
  PEEK: 'KSTREAM-PEEK-',
  FOREACH: 'KSTREAM-FOREACH-',
  MERGE: 'KSTREAM-MERGE-',
  AGGREGATE: 'KSTREAM-AGGREGATE-',
  REDUCE: 'KSTREAM-REDUCE-',
  KTABLE_SOURCE: 'KTABLE-SOURCE-',
  KTABLE_FILTER: 'KTABLE-FILTER-',
  KTABLE_MAPVALUES: 'KTABLE-MAPVALUES-',
  KTABLE_TOSTREAM: 'KTABLE-TOSTREAM-',
  KTABLE_SUPPRESS: 'KTABLE-SUPPRESS-',
  WINDOWED: 'KSTREAM-WINDOWED-',
  JOINTHIS: 'KSTREAM-JOINTHIS-',
  JOINOTHER: 'KSTREAM-JOINOTHER-',
  OUTERTHIS: 'KSTREAM-OUTERTHIS-',
  OUTEROTHER: 'KSTREAM-OUTEROTHER-',
  OUTERSHARED: 'KSTREAM-OUTERSHARED-',
  JOIN: 'KSTREAM-JOIN-',
  LEFTJOIN: 'KSTREAM-LEFTJOIN-',
  BRANCH: 'KSTREAM-BRANCH-',
  KTABLE_JOINTHIS: 'KTABLE-JOINTHIS-',
  KTABLE_JOINOTHER: 'KTABLE-JOINOTHER-',
  KTABLE_MERGE: 'KTABLE-MERGE-',
} as const;
