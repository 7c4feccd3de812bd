/**
 * The leader's view of one follower (Kafka's Replica): how far its log reaches, as told by the
 * offset of its last fetch, and when it was last caught up, which decides whether it stays in the
 * ISR. Owned by the Partition of the leader; reset on every leadership change, since a new leader
 * knows nothing of its followers until they fetch.
 */
export const UNKNOWN_OFFSET = -1;

export class FollowerReplica {
  logEndOffset = UNKNOWN_OFFSET;
  lastCaughtUpTimeMs = 0;
  private lastFetchLeaderLogEndOffset = UNKNOWN_OFFSET;
  private lastFetchTimeMs = 0;

  constructor(readonly brokerId: number) {}

  /**
   * Kafka's rule: a fetch at or past the leader's current end catches the follower up now; a fetch
   * at or past where the leader ended at the previous fetch means it was caught up back then. The
   * second half keeps a follower that trails a busy leader by one fetch in the ISR.
   */
  updateFetchState(fetchOffset: number, now: number, leaderEndOffset: number): void {
    if (fetchOffset >= leaderEndOffset) this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, now);
    else if (fetchOffset >= this.lastFetchLeaderLogEndOffset)
      this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, this.lastFetchTimeMs);
    this.logEndOffset = fetchOffset;
    this.lastFetchLeaderLogEndOffset = leaderEndOffset;
    this.lastFetchTimeMs = now;
  }

  isCaughtUp(leaderEndOffset: number, now: number, maxLagMs: number): boolean {
    return leaderEndOffset === this.logEndOffset || now - this.lastCaughtUpTimeMs <= maxLagMs;
  }

  /**
   * On becoming leader: the offset is unknown until the follower fetches; a follower already in
   * the ISR is given a full lag period from now before it can be dropped.
   */
  reset(now: number, inSync: boolean): void {
    this.logEndOffset = UNKNOWN_OFFSET;
    this.lastFetchLeaderLogEndOffset = UNKNOWN_OFFSET;
    this.lastFetchTimeMs = 0;
    this.lastCaughtUpTimeMs = inSync ? now : 0;
  }
}
