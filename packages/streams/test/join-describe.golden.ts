/**
 * Golden text: topology.describe() of join topologies as Kafka Streams 3.9.2 prints it, captured
 * from the Java library with the same DSL calls (see join-describe.test.ts for the programs).
 */

export const inner = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [left])
      --> KSTREAM-WINDOWED-0000000002
    Source: KSTREAM-SOURCE-0000000001 (topics: [right])
      --> KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])
      --> KSTREAM-JOINTHIS-0000000004
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-JOINOTHER-0000000005-store])
      --> KSTREAM-JOINOTHER-0000000005
      <-- KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-JOINOTHER-0000000005 (stores: [KSTREAM-JOINTHIS-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-JOINOTHER-0000000005-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000002
    Processor: KSTREAM-MERGE-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-JOINOTHER-0000000005
    Sink: KSTREAM-SINK-0000000007 (topic: out)
      <-- KSTREAM-MERGE-0000000006
`;

export const left = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [left])
      --> KSTREAM-WINDOWED-0000000002
    Source: KSTREAM-SOURCE-0000000001 (topics: [right])
      --> KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])
      --> KSTREAM-JOINTHIS-0000000004
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-OUTEROTHER-0000000005-store])
      --> KSTREAM-OUTEROTHER-0000000005
      <-- KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000002
    Processor: KSTREAM-OUTEROTHER-0000000005 (stores: [KSTREAM-JOINTHIS-0000000004-store, KSTREAM-OUTERSHARED-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-MERGE-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005
    Sink: KSTREAM-SINK-0000000007 (topic: out)
      <-- KSTREAM-MERGE-0000000006
`;

export const outer = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [left])
      --> KSTREAM-WINDOWED-0000000002
    Source: KSTREAM-SOURCE-0000000001 (topics: [right])
      --> KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-OUTERTHIS-0000000004-store])
      --> KSTREAM-OUTERTHIS-0000000004
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-OUTEROTHER-0000000005-store])
      --> KSTREAM-OUTEROTHER-0000000005
      <-- KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-OUTEROTHER-0000000005 (stores: [KSTREAM-OUTERTHIS-0000000004-store, KSTREAM-OUTERSHARED-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-OUTERTHIS-0000000004 (stores: [KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000002
    Processor: KSTREAM-MERGE-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- KSTREAM-OUTERTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005
    Sink: KSTREAM-SINK-0000000007 (topic: out)
      <-- KSTREAM-MERGE-0000000006
`;

export const named = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [left])
      --> nm-this-windowed
    Source: KSTREAM-SOURCE-0000000001 (topics: [right])
      --> nm-other-windowed
    Processor: nm-other-windowed (stores: [myjoin-outer-other-join-store])
      --> nm-outer-other-join
      <-- KSTREAM-SOURCE-0000000001
    Processor: nm-this-windowed (stores: [myjoin-outer-this-join-store])
      --> nm-outer-this-join
      <-- KSTREAM-SOURCE-0000000000
    Processor: nm-outer-other-join (stores: [myjoin-outer-this-join-store, myjoin-outer-shared-join-store])
      --> nm-merge
      <-- nm-other-windowed
    Processor: nm-outer-this-join (stores: [myjoin-outer-other-join-store, myjoin-outer-shared-join-store])
      --> nm-merge
      <-- nm-this-windowed
    Processor: nm-merge (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- nm-outer-this-join, nm-outer-other-join
    Sink: KSTREAM-SINK-0000000007 (topic: out)
      <-- nm-merge
`;

export const streamTable = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [orders])
      --> KSTREAM-JOIN-0000000007
    Processor: KSTREAM-JOIN-0000000007 (stores: [users-STATE-STORE-0000000001])
      --> KSTREAM-LEFTJOIN-0000000008
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-LEFTJOIN-0000000008 (stores: [])
      --> KSTREAM-SINK-0000000009
      <-- KSTREAM-JOIN-0000000007
    Source: KSTREAM-SOURCE-0000000002 (topics: [users])
      --> KTABLE-SOURCE-0000000003
    Sink: KSTREAM-SINK-0000000009 (topic: out)
      <-- KSTREAM-LEFTJOIN-0000000008
    Processor: KTABLE-SOURCE-0000000003 (stores: [users-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000002

  Sub-topology: 1 for global store (will not generate tasks)
    Source: KSTREAM-SOURCE-0000000005 (topics: [products])
      --> KTABLE-SOURCE-0000000006
    Processor: KTABLE-SOURCE-0000000006 (stores: [products-STATE-STORE-0000000004])
      --> none
      <-- KSTREAM-SOURCE-0000000005
`;

export const tableTable = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [t1])
      --> KTABLE-SOURCE-0000000002
    Source: KSTREAM-SOURCE-0000000004 (topics: [t2])
      --> KTABLE-SOURCE-0000000005
    Processor: KTABLE-SOURCE-0000000002 (stores: [t1-STATE-STORE-0000000000])
      --> KTABLE-JOINTHIS-0000000012, KTABLE-JOINTHIS-0000000007, KTABLE-JOINTHIS-0000000017
      <-- KSTREAM-SOURCE-0000000001
    Processor: KTABLE-SOURCE-0000000005 (stores: [t2-STATE-STORE-0000000003])
      --> KTABLE-JOINOTHER-0000000013, KTABLE-JOINOTHER-0000000008, KTABLE-JOINOTHER-0000000018
      <-- KSTREAM-SOURCE-0000000004
    Processor: KTABLE-JOINOTHER-0000000008 (stores: [t1-STATE-STORE-0000000000])
      --> KTABLE-MERGE-0000000006
      <-- KTABLE-SOURCE-0000000005
    Processor: KTABLE-JOINOTHER-0000000013 (stores: [t1-STATE-STORE-0000000000])
      --> KTABLE-MERGE-0000000011
      <-- KTABLE-SOURCE-0000000005
    Processor: KTABLE-JOINOTHER-0000000018 (stores: [t1-STATE-STORE-0000000000])
      --> KTABLE-MERGE-0000000016
      <-- KTABLE-SOURCE-0000000005
    Processor: KTABLE-JOINTHIS-0000000007 (stores: [t2-STATE-STORE-0000000003])
      --> KTABLE-MERGE-0000000006
      <-- KTABLE-SOURCE-0000000002
    Processor: KTABLE-JOINTHIS-0000000012 (stores: [t2-STATE-STORE-0000000003])
      --> KTABLE-MERGE-0000000011
      <-- KTABLE-SOURCE-0000000002
    Processor: KTABLE-JOINTHIS-0000000017 (stores: [t2-STATE-STORE-0000000003])
      --> KTABLE-MERGE-0000000016
      <-- KTABLE-SOURCE-0000000002
    Processor: KTABLE-MERGE-0000000006 (stores: [])
      --> KTABLE-TOSTREAM-0000000009
      <-- KTABLE-JOINTHIS-0000000007, KTABLE-JOINOTHER-0000000008
    Processor: KTABLE-MERGE-0000000011 (stores: [])
      --> KTABLE-TOSTREAM-0000000014
      <-- KTABLE-JOINTHIS-0000000012, KTABLE-JOINOTHER-0000000013
    Processor: KTABLE-MERGE-0000000016 (stores: [])
      --> KTABLE-TOSTREAM-0000000019
      <-- KTABLE-JOINTHIS-0000000017, KTABLE-JOINOTHER-0000000018
    Processor: KTABLE-TOSTREAM-0000000009 (stores: [])
      --> KSTREAM-SINK-0000000010
      <-- KTABLE-MERGE-0000000006
    Processor: KTABLE-TOSTREAM-0000000014 (stores: [])
      --> KSTREAM-SINK-0000000015
      <-- KTABLE-MERGE-0000000011
    Processor: KTABLE-TOSTREAM-0000000019 (stores: [])
      --> KSTREAM-SINK-0000000020
      <-- KTABLE-MERGE-0000000016
    Sink: KSTREAM-SINK-0000000010 (topic: o1)
      <-- KTABLE-TOSTREAM-0000000009
    Sink: KSTREAM-SINK-0000000015 (topic: o2)
      <-- KTABLE-TOSTREAM-0000000014
    Sink: KSTREAM-SINK-0000000020 (topic: o3)
      <-- KTABLE-TOSTREAM-0000000019
`;

export const split = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> split-
    Processor: split- (stores: [])
      --> split-0, split-2, split-a
      <-- KSTREAM-SOURCE-0000000000
    Processor: split-0 (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- split-
    Processor: split-2 (stores: [])
      --> KSTREAM-SINK-0000000006
      <-- split-
    Processor: split-a (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- split-
    Sink: KSTREAM-SINK-0000000005 (topic: out-split-a)
      <-- split-a
    Sink: KSTREAM-SINK-0000000006 (topic: out-split-2)
      <-- split-2
    Sink: KSTREAM-SINK-0000000007 (topic: out-split-0)
      <-- split-0
`;
