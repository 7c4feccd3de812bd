/**
 * topology.describe() (Kafka's TopologyDescription): the text Kafka Streams prints, node for node,
 * so a user can compare a Samsa topology with the Java one. Within a sub-topology, nodes (and the
 * names after --> and <--) are ordered as Kafka's NodeComparator orders them: the larger subtree
 * first (a node counts itself plus its successors' sizes), then by name.
 */
import { topologyError } from '../errors.js';
import type { Topology } from './topology.js';

export interface NodeDescription {
  name: string;
  kind: 'Source' | 'Processor' | 'Sink';
  topics?: string[];
  topic?: string;
  stores?: string[];
  successors: string[];
  predecessors: string[];
}

export interface SubtopologyDescription {
  id: number;
  /** A global store's sub-topology, which generates no tasks. */
  global?: boolean;
  nodes: NodeDescription[];
}

export class TopologyDescription {
  constructor(readonly subtopologies: SubtopologyDescription[]) {}

  toString(): string {
    let out = 'Topologies:\n ';
    for (const s of this.subtopologies) {
      out += `  Sub-topology: ${s.id}${s.global ? ' for global store (will not generate tasks)' : ''}\n`;
      for (const n of s.nodes) out += `    ${nodeText(n)}\n`;
      // Kafka prints a global store without the blank line that ends a sub-topology.
      if (!s.global) out += '\n';
    }
    return out;
  }
}

const names = (list: string[]) => (list.length === 0 ? 'none' : list.join(', '));

function nodeText(n: NodeDescription): string {
  switch (n.kind) {
    case 'Source':
      return `Source: ${n.name} (topics: [${(n.topics ?? []).join(', ')}])\n      --> ${names(n.successors)}`;
    case 'Processor':
      return `Processor: ${n.name} (stores: [${(n.stores ?? []).join(', ')}])\n      --> ${names(n.successors)}\n      <-- ${names(n.predecessors)}`;
    case 'Sink':
      return `Sink: ${n.name} (topic: ${n.topic})\n      <-- ${names(n.predecessors)}`;
  }
}

export function describeTopology(topology: Topology): TopologyDescription {
  return new TopologyDescription(
    topology.allSubtopologies().map((s) => {
      const { size, successors, predecessors } = linkLikeKafka(topology, s.nodes);
      const compare = (a: string, b: string) =>
        (size.get(b) as number) - (size.get(a) as number) || (a < b ? -1 : a > b ? 1 : 0);
      return {
        id: s.id,
        global: s.nodes.some((n) => topology.globalNodes.has(n)),
        nodes: [...s.nodes].sort(compare).map((name): NodeDescription => {
          const n = topology.nodes.get(name);
          if (!n) throw topologyError(`unknown node ${name}`);
          const succ = successors.get(name) as string[];
          const pred = predecessors.get(name) as string[];
          if (n.kind === 'source')
            return { name, kind: 'Source', topics: n.topics, successors: succ, predecessors: [] };
          if (n.kind === 'sink') return { name, kind: 'Sink', topic: n.topic, successors: succ, predecessors: pred };
          // Kafka keeps a processor's store names in a HashSet and prints them in its order.
          return { name, kind: 'Processor', stores: javaHashMapOrder(n.stores), successors: succ, predecessors: pred };
        }),
      };
    }),
  );
}

/**
 * Kafka links a sub-topology's description nodes one edge at a time, visiting nodes in Java
 * HashMap order; each successor/predecessor set is a TreeSet ordered by subtree size *at the time
 * of insertion* (sizes grow as edges are added), then by name. The printed neighbour order
 * depends on that history, so it is replayed here: same visiting order, same incremental sizes.
 */
function linkLikeKafka(topology: Topology, names: string[]) {
  const size = new Map<string, number>(names.map((n) => [n, 1]));
  const successors = new Map<string, string[]>(names.map((n) => [n, []]));
  const predecessors = new Map<string, string[]>(names.map((n) => [n, []]));
  const compare = (a: string, b: string) =>
    (size.get(b) as number) - (size.get(a) as number) || (a < b ? -1 : a > b ? 1 : 0);
  const insert = (set: string[], name: string) => {
    let lo = 0;
    let hi = set.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(set[mid] as string, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    set.splice(lo, 0, name);
  };
  const updateSize = (name: string, delta: number) => {
    size.set(name, (size.get(name) as number) + delta);
    for (const p of predecessors.get(name) as string[]) updateSize(p, delta);
  };
  for (const name of javaHashMapOrder(names)) {
    const node = topology.nodes.get(name);
    if (!node || node.kind === 'source') continue;
    for (const p of node.parents) {
      insert(predecessors.get(name) as string[], p);
      insert(successors.get(p) as string[], name);
      updateSize(p, size.get(name) as number);
    }
  }
  return { size, successors, predecessors };
}

/** The order a java.util.HashMap<String, _> filled with `keys` iterates them (bucket, then insertion). */
function javaHashMapOrder(keys: string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string) => {
    let h = 0;
    for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.k);
}
