/**
 * A produce with acks=all waiting for the ISR (Kafka's DelayedProduce): parked in the produce
 * purgatory under each partition it wrote, it completes when the high watermark of every partition
 * has passed the last offset written there. A partition whose leadership moved meanwhile answers
 * NOT_LEADER_OR_FOLLOWER, one whose ISR fell below min.insync.replicas by then
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND (the records are written, but not as safely as asked), and the
 * ones still waiting at the deadline REQUEST_TIMED_OUT.
 */
import { ErrorCode } from '@samsa/protocol';
import { DelayedOperation, type Purgatory } from '../purgatory/purgatory.js';
import { type Partition, partitionKey } from './partition.js';
import type { AppendedPartition, AppendResult } from './replica-manager.js';

export interface ProduceWait {
  topic: string;
  partition: number;
  /** The offset after the last one appended: the high watermark must reach it. */
  requiredOffset: number;
  result: AppendResult;
  done: boolean;
}

export class DelayedProduce extends DelayedOperation {
  constructor(
    deadlineMs: number,
    private readonly waits: ProduceWait[],
    private readonly lookup: (topic: string, partition: number) => Partition | undefined,
    private readonly localId: number,
    private readonly done: (waits: ProduceWait[]) => void,
  ) {
    super(deadlineMs);
  }

  tryComplete(): boolean {
    for (const w of this.waits) if (!w.done) this.check(w);
    return this.waits.every((w) => w.done) && this.forceComplete(false);
  }

  private check(w: ProduceWait): void {
    const p = this.lookup(w.topic, w.partition);
    if (!p || !p.isLeader(this.localId)) {
      this.fail(w, ErrorCode.NOT_LEADER_OR_FOLLOWER);
      return;
    }
    if (p.log.highWatermark < w.requiredOffset) return;
    if (p.isr.length < p.log.config['min.insync.replicas']) this.fail(w, ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    w.done = true;
  }

  private fail(w: ProduceWait, errorCode: number): void {
    w.result = { ...w.result, errorCode, errorMessage: null };
    w.done = true;
  }

  protected onComplete(timedOut: boolean): void {
    if (timedOut) for (const w of this.waits) if (!w.done) this.fail(w, ErrorCode.REQUEST_TIMED_OUT);
    this.done(this.waits);
  }
}

/**
 * acks=all for the partitions of one produce: the results at once when the ISR already holds
 * every successful append (always so in single-node mode), else a promise the purgatory settles.
 */
export function awaitReplication(
  purgatory: Purgatory<DelayedProduce>,
  lookup: (topic: string, partition: number) => Partition | undefined,
  localId: number,
  appended: AppendedPartition[],
  timeoutMs: number,
  now: number,
): AppendResult[] | Promise<AppendResult[]> {
  const waits: ProduceWait[] = appended.map((a) => ({
    topic: a.topic,
    partition: a.partition,
    requiredOffset: a.result.lastOffset + 1,
    result: a.result,
    done: a.result.errorCode !== ErrorCode.NONE,
  }));
  const outcome: { settled: AppendResult[] | null; resolve: ((r: AppendResult[]) => void) | null } = {
    settled: null,
    resolve: null,
  };
  const op = new DelayedProduce(now + Math.max(0, timeoutMs), waits, lookup, localId, (ws) => {
    outcome.settled = ws.map((w) => w.result);
    outcome.resolve?.(outcome.settled);
  });
  const keys = waits.filter((w) => !w.done).map((w) => partitionKey(w.topic, w.partition));
  purgatory.tryCompleteElseWatch(op, keys, now);
  if (outcome.settled) return outcome.settled;
  return new Promise((resolve) => {
    outcome.resolve = resolve;
  });
}
