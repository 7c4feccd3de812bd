/**
 * A set of partitions by topic id — what a consumer-group member owns, is being asked to revoke, or
 * is targeted to own (KIP-848 assignments name topics by id). Plain functions over an immutable-by-
 * convention Map so the assignors and the reconciliation stay pure.
 */
export type Assignment = ReadonlyMap<string, ReadonlySet<number>>;

export const EMPTY_ASSIGNMENT: Assignment = new Map();

export function assignmentOf(entries: Iterable<{ topicId: string; partitions: readonly number[] }>): Assignment {
  const m = new Map<string, Set<number>>();
  for (const e of entries) {
    if (e.partitions.length === 0) continue;
    let s = m.get(e.topicId);
    if (!s) {
      s = new Set();
      m.set(e.topicId, s);
    }
    for (const p of e.partitions) s.add(p);
  }
  return m;
}

/** As the wire and the records carry it: one entry per topic, partitions ascending. */
export function toTopicPartitions(a: Assignment): Array<{ topicId: string; partitions: number[] }> {
  return [...a].map(([topicId, ps]) => ({ topicId, partitions: [...ps].sort((x, y) => x - y) }));
}

export function has(a: Assignment, topicId: string, partition: number): boolean {
  return a.get(topicId)?.has(partition) ?? false;
}

export function size(a: Assignment): number {
  let n = 0;
  for (const ps of a.values()) n += ps.size;
  return n;
}

function filter(a: Assignment, keep: (topicId: string, p: number) => boolean): Assignment {
  const m = new Map<string, Set<number>>();
  for (const [t, ps] of a) {
    const kept = [...ps].filter((p) => keep(t, p));
    if (kept.length > 0) m.set(t, new Set(kept));
  }
  return m;
}

export function intersect(a: Assignment, b: Assignment): Assignment {
  return filter(a, (t, p) => has(b, t, p));
}

export function minus(a: Assignment, b: Assignment): Assignment {
  return filter(a, (t, p) => !has(b, t, p));
}

export function union(a: Assignment, b: Assignment): Assignment {
  const m = new Map<string, Set<number>>();
  for (const x of [a, b]) for (const [t, ps] of x) m.set(t, new Set([...(m.get(t) ?? []), ...ps]));
  return m;
}

export function only(a: Assignment, keep: (topicId: string, p: number) => boolean): Assignment {
  return filter(a, keep);
}

export function equal(a: Assignment, b: Assignment): boolean {
  return size(a) === size(b) && size(intersect(a, b)) === size(a);
}

export function isEmpty(a: Assignment): boolean {
  return size(a) === 0;
}
