/**
 * Partition reassignment as pure decisions (KIP-455, Kafka's ZooKeeper-era controller). A partition
 * being reassigned from its original replicas (ORS) to target replicas (TRS) is first replicated
 * to both — replicas = TRS followed by the rest of ORS, adding = TRS − ORS, removing = ORS − TRS —
 * and once every target replica is in the ISR it is cut over to TRS alone: the leader moves into
 * TRS if needed, the ISR drops the removed replicas, and the removed replicas are deleted.
 */

export interface ReplicaAssignment {
  /** Everything that currently replicates the partition (TRS ∪ ORS while reassigning). */
  replicas: number[];
  adding: number[];
  removing: number[];
}

export function isReassigning(a: ReplicaAssignment): boolean {
  return a.adding.length > 0 || a.removing.length > 0;
}

/** The replicas before the reassignment started. */
export function originalReplicas(a: ReplicaAssignment): number[] {
  return a.replicas.filter((r) => !a.adding.includes(r));
}

/** The replicas the reassignment moves to. */
export function targetReplicas(a: ReplicaAssignment): number[] {
  return a.replicas.filter((r) => !a.removing.includes(r));
}

/** The assignment while moving from `current` (possibly itself mid-reassignment) to `target`. */
export function startReassignment(current: ReplicaAssignment, target: number[]): ReplicaAssignment {
  const original = originalReplicas(current);
  return {
    replicas: [...target, ...original.filter((r) => !target.includes(r))],
    adding: target.filter((r) => !original.includes(r)),
    removing: original.filter((r) => !target.includes(r)),
  };
}

/** Why a requested target cannot be used, or null when it can. */
export function targetProblem(target: number[], known: ReadonlySet<number>): string | null {
  if (target.length === 0) return 'the replica list is empty';
  if (new Set(target).size !== target.length) return `duplicate replicas in ${JSON.stringify(target)}`;
  const unknown = target.filter((r) => !known.has(r));
  if (unknown.length > 0) return `unknown broker(s) ${unknown.join(', ')}`;
  return null;
}

/**
 * The cut-over, when every target replica is in sync: the new leader (the current one if it stays,
 * else the first target replica in the ISR and alive) and the ISR without removed replicas. Null
 * while the reassignment must wait.
 */
export function completion(
  a: ReplicaAssignment,
  leader: number,
  isr: number[],
  live: ReadonlySet<number>,
): { leader: number; isr: number[] } | null {
  const target = targetReplicas(a);
  if (!target.every((r) => isr.includes(r))) return null;
  const newIsr = isr.filter((r) => target.includes(r));
  const newLeader =
    target.includes(leader) && live.has(leader) ? leader : target.find((r) => live.has(r) && isr.includes(r));
  return newLeader === undefined ? null : { leader: newLeader, isr: newIsr };
}

/** Preferred-replica election for one partition (Kafka's PreferredReplicaPartitionLeaderElection). */
export function preferredLeader(
  replicas: number[],
  leader: number,
  isr: number[],
  live: ReadonlySet<number>,
): { elect: number } | 'not-needed' | 'not-available' {
  const preferred = replicas[0];
  if (preferred === undefined) return 'not-available';
  if (leader === preferred) return 'not-needed';
  if (!live.has(preferred) || !isr.includes(preferred)) return 'not-available';
  return { elect: preferred };
}

/**
 * Brokers whose share of partitions led by someone else, among those they are the preferred
 * replica of, exceeds leader.imbalance.per.broker.percentage (Kafka's auto leader rebalance).
 */
export function imbalancedBrokers(
  partitions: Iterable<{ replicas: number[]; leader: number }>,
  percentage: number,
): Set<number> {
  const preferredCount = new Map<number, number>();
  const notLeading = new Map<number, number>();
  for (const p of partitions) {
    const preferred = p.replicas[0];
    if (preferred === undefined) continue;
    preferredCount.set(preferred, (preferredCount.get(preferred) ?? 0) + 1);
    if (p.leader !== preferred) notLeading.set(preferred, (notLeading.get(preferred) ?? 0) + 1);
  }
  const out = new Set<number>();
  for (const [broker, total] of preferredCount) {
    if (((notLeading.get(broker) ?? 0) * 100) / total > percentage) out.add(broker);
  }
  return out;
}
