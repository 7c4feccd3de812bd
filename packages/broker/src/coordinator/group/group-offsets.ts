/**
 * A group's committed offsets, by topic and partition, as last replayed from __consumer_offsets.
 * Owned by the group; only replay() of offset records changes it.
 */
export interface CommittedOffset {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
}

export class GroupOffsets {
  private readonly byTopic = new Map<string, Map<number, CommittedOffset>>();

  get(topic: string, partition: number): CommittedOffset | undefined {
    return this.byTopic.get(topic)?.get(partition);
  }

  set(topic: string, partition: number, value: CommittedOffset): void {
    let m = this.byTopic.get(topic);
    if (!m) {
      m = new Map();
      this.byTopic.set(topic, m);
    }
    m.set(partition, value);
  }

  delete(topic: string, partition: number): boolean {
    const m = this.byTopic.get(topic);
    if (!m?.delete(partition)) return false;
    if (m.size === 0) this.byTopic.delete(topic);
    return true;
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  partitionsOf(topic: string): Array<[number, CommittedOffset]> {
    return [...(this.byTopic.get(topic)?.entries() ?? [])].sort((a, b) => a[0] - b[0]);
  }

  *entries(): Iterable<{ topic: string; partition: number; value: CommittedOffset }> {
    for (const [topic, m] of this.byTopic) for (const [partition, value] of m) yield { topic, partition, value };
  }

  get isEmpty(): boolean {
    return this.byTopic.size === 0;
  }
}
