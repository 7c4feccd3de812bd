/**
 * The processors of a stream-stream join (Kafka's KStreamJoinWindow and KStreamKStreamJoin, 3.x
 * semantics). Each side first writes its record into its own window store (duplicates kept), then
 * looks up the other side's store for records within the join window and forwards one result per
 * match, stamped with the later of the two timestamps. A left/outer side whose record finds no
 * match does not emit `joiner(value, null)` at once — that would be a spurious result if a partner
 * arrived later — but parks it in the shared outer store; once stream time (the larger of both
 * sides') passes its window end + grace, it is emitted then, oldest first. A match removes the
 * partner's parked records. Kafka throttles that scan to once per wall-clock second (an internal
 * config its tests set to 0); here it runs whenever stream time advances, which is Kafka's result
 * sequence with the throttle off.
 */
import type { ProcessorContext, ProcessorSupplier, TaskId } from '../processor/processor.js';
import type { LeftOrRightValue, OuterJoinStore, TimestampedKeyAndJoinSide } from '../state/outer-join-store.js';
import type { WindowStore } from '../state/window-store.js';
import type { JoinWindows } from './windows/join-windows.js';

/** Stream time shared by the two sides of one join in one task (Kafka's KStreamImplJoin.TimeTracker). */
export class JoinTimeTracker {
  streamTime = -1;
  minTime = Number.MAX_SAFE_INTEGER;
}

export class JoinTimeTrackers {
  private readonly byTask = new Map<string, JoinTimeTracker>();
  get(id: TaskId): JoinTimeTracker {
    const k = `${id.subtopology}_${id.partition}`;
    let t = this.byTask.get(k);
    if (!t) {
      t = new JoinTimeTracker();
      this.byTask.set(k, t);
    }
    return t;
  }
  remove(id: TaskId): void {
    this.byTask.delete(`${id.subtopology}_${id.partition}`);
  }
}

/** KStreamJoinWindow: keep the record in this side's window store, pass it on. */
export function joinWindowProcessor<K, V>(storeName: string): ProcessorSupplier<K, V, K, V> {
  return () => {
    let ctx: ProcessorContext<K, V>;
    let store: WindowStore<K, V>;
    return {
      init(c) {
        ctx = c;
        store = c.getStateStore<WindowStore<K, V>>(storeName);
      },
      process(record) {
        ctx.forward(record);
        if (record.key !== null && record.key !== undefined && record.value !== null && record.value !== undefined)
          store.put(record.key, record.value, record.timestamp);
      },
    };
  };
}

export interface JoinSideOptions<K, V1, V2, VR> {
  leftSide: boolean;
  otherStoreName: string;
  outerStoreName: string | null;
  /** This side emits unmatched records (left join's left side, both sides of an outer join). */
  outer: boolean;
  windows: JoinWindows;
  trackers: JoinTimeTrackers;
  joiner: (value1: V1 | null, value2: V2 | null, key: K) => VR;
}

export function streamStreamJoinProcessor<K, V1, V2, VR>(
  o: JoinSideOptions<K, V1, V2, VR>,
): ProcessorSupplier<K, unknown, K, VR> {
  const { windows, leftSide, joiner } = o;
  // The right side looks the other way: a right record at t matches left records in [t - after, t + before].
  const beforeMs = leftSide ? windows.beforeMs : windows.afterMs;
  const afterMs = leftSide ? windows.afterMs : windows.beforeMs;
  const graceMs = windows.gracePeriodMs();
  // How long a parked record of a side waits: left records look forward (after), right ones back (before).
  const lookBack = (left: boolean) => (left ? windows.afterMs : windows.beforeMs);
  const result = (thisValue: unknown, otherValue: unknown, key: K): VR =>
    leftSide ? joiner(thisValue as V1, otherValue as V2, key) : joiner(otherValue as V1, thisValue as V2, key);

  return () => {
    let ctx: ProcessorContext<K, VR>;
    let other: WindowStore<K, unknown>;
    let outerStore: OuterJoinStore<K, V1, V2> | null = null;
    let tracker: JoinTimeTracker;

    const windowOpen = (k: TimestampedKeyAndJoinSide<K>) =>
      tracker.minTime + lookBack(k.leftSide) + graceMs >= tracker.streamTime;

    const emitNonJoined = (store: OuterJoinStore<K, V1, V2>, headers: unknown) => {
      if (tracker.minTime + afterMs + graceMs >= tracker.streamTime) return;
      tracker.minTime = Number.MAX_SAFE_INTEGER;
      const done: TimestampedKeyAndJoinSide<K>[] = [];
      for (const { key, value } of store.all()) {
        // As Kafka: minTime ends as the last timestamp scanned, and records whose window is open stay.
        tracker.minTime = key.timestamp;
        if (windowOpen(key)) continue;
        for (const v of value as LeftOrRightValue<V1, V2>[]) {
          ctx.forward({
            key: key.key,
            value: joiner(v.left, v.right, key.key),
            timestamp: key.timestamp,
            headers: headers as [],
          });
        }
        done.push(key);
      }
      for (const k of done) store.delete(k);
    };

    return {
      init(c) {
        ctx = c;
        other = c.getStateStore<WindowStore<K, unknown>>(o.otherStoreName);
        if (o.outerStoreName !== null) outerStore = c.getStateStore<OuterJoinStore<K, V1, V2>>(o.outerStoreName);
        tracker = o.trackers.get(c.taskId);
      },
      process(record) {
        const ts = record.timestamp;
        tracker.streamTime = Math.max(tracker.streamTime, ts);
        const nullKey = record.key === null || record.key === undefined;
        const nullValue = record.value === null || record.value === undefined;
        if (o.outer && nullKey && !nullValue) {
          // KIP-962: a left/outer join keeps a record with a null key, unjoined.
          ctx.forward({ ...record, value: result(record.value, null, record.key) });
          return;
        }
        if (nullKey || nullValue) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        if (outerStore !== null && ts === tracker.streamTime) emitNonJoined(outerStore, record.headers);
        const timeFrom = Math.max(0, ts - beforeMs);
        const timeTo = Math.max(0, ts + afterMs);
        const matches = other.fetch(record.key, timeFrom, timeTo);
        for (const m of matches) {
          // The partner is joined now: its parked records are no longer candidates for an unjoined result.
          const partner = { key: record.key, timestamp: m.key, leftSide: !leftSide };
          // Deleted only when parked: Kafka logs no tombstone for a partner already emitted.
          if (outerStore !== null && outerStore.get(partner) !== null) outerStore.delete(partner);
          ctx.forward({ ...record, value: result(record.value, m.value, record.key), timestamp: Math.max(ts, m.key) });
        }
        if (!o.outer || matches.length > 0) return;
        if (outerStore === null || timeTo < tracker.streamTime) {
          // Its window has already closed (an out-of-order record): nothing can join it any more.
          ctx.forward({ ...record, value: result(record.value, null, record.key) });
          return;
        }
        tracker.minTime = Math.min(tracker.minTime, ts);
        const parkedKey = { key: record.key, timestamp: ts, leftSide };
        const parked = outerStore.get(parkedKey) ?? [];
        parked.push(leftSide ? { left: record.value as V1, right: null } : { left: null, right: record.value as V2 });
        outerStore.put(parkedKey, parked);
      },
      close() {
        o.trackers.remove(ctx.taskId);
      },
    };
  };
}
