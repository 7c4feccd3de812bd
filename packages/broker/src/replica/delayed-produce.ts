/**
 * A produce with acks=all waiting for the ISR (Kafka's DelayedProduce): parked in the produce
 * purgatory under each partition it wrote, it completes when the high watermark of every partition
 * has passed the last offset written there. A partition whose leadership moved meanwhile answers
 * NOT_LEADER_OR_FOLLOWER, one whose ISR fell below min.insync.replicas by then
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND (the records are written, but not as safely as asked), and the
 * ones still waiting at the deadline REQUEST_TIMED_OUT.
 */
import { ErrorCode } from '@samsa/protocol';
import { DelayedOperation } from '../purgatory/delayed-operation.js';
import type { Partition } from './partition.js';
import type { AppendResult } from './replica-manager.js';

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
