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
      out += '\n';
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
  const size = new Map<string, number>();
  const sizeOf = (name: string): number => {
    const known = size.get(name);
    if (known !== undefined) return known;
    const s = 1 + topology.children(name).reduce((sum, c) => sum + sizeOf(c), 0);
    size.set(name, s);
    return s;
  };
  const compare = (a: string, b: string) => sizeOf(b) - sizeOf(a) || (a < b ? -1 : a > b ? 1 : 0);
  return new TopologyDescription(
    topology.allSubtopologies().map((s) => ({
      id: s.id,
      global: s.nodes.some((n) => topology.globalNodes.has(n)),
      nodes: [...s.nodes].sort(compare).map((name) => {
        const n = topology.nodes.get(name);
        if (!n) throw topologyError(`unknown node ${name}`);
        const successors = topology.children(name).sort(compare);
        if (n.kind === 'source') return { name, kind: 'Source', topics: n.topics, successors, predecessors: [] };
        const predecessors = [...n.parents].sort(compare);
        if (n.kind === 'sink') return { name, kind: 'Sink', topic: n.topic, successors, predecessors };
        return { name, kind: 'Processor', stores: n.stores, successors, predecessors };
      }),
    })),
  );
}
