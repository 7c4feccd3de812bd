/**
 * The client side of incremental fetch sessions (KIP-227, Java's FetchSessionHandler), one per
 * broker. The first request is full (session id 0, epoch 0) and asks for a session; later ones
 * name only partitions that are new or whose fetch offset changed, and list the ones no longer
 * wanted as forgotten. Any session error, failed request, or a broker that declines a session
 * sends the next request full again.
 *
 * Owner: the Fetcher; requests to one broker are strictly sequential, as epochs require.
 */
import type { FetchRequest } from '@samsa/protocol';

export interface SessionEntry {
  topic: string;
  topicId: string;
  partition: number;
  fetchOffset: bigint;
  maxBytes: number;
}

export interface SessionRequest {
  sessionId: number;
  sessionEpoch: number;
  /** Partitions to put in the request. */
  send: SessionEntry[];
  forgotten: FetchRequest['forgottenTopicsData'];
}

const key = (e: { topic: string; partition: number }) => `${e.topic}\0${e.partition}`;

export class FetchSessionHandler {
  private sessionId = 0;
  private epoch = 0;
  private readonly partitions = new Map<string, SessionEntry>();

  get id(): number {
    return this.sessionId;
  }

  get nextEpoch(): number {
    return this.epoch;
  }

  /** The request for the partitions wanted now; updates the session's view to them. */
  build(wanted: SessionEntry[]): SessionRequest {
    if (this.epoch === 0) {
      this.partitions.clear();
      for (const e of wanted) this.partitions.set(key(e), e);
      return { sessionId: this.sessionId, sessionEpoch: 0, send: wanted, forgotten: [] };
    }
    const send: SessionEntry[] = [];
    const wantedKeys = new Set<string>();
    for (const e of wanted) {
      const k = key(e);
      wantedKeys.add(k);
      const prev = this.partitions.get(k);
      if (!prev || prev.fetchOffset !== e.fetchOffset || prev.maxBytes !== e.maxBytes) send.push(e);
      this.partitions.set(k, e);
    }
    const forgottenByTopic = new Map<string, FetchRequest['forgottenTopicsData'][number]>();
    for (const [k, e] of this.partitions) {
      if (wantedKeys.has(k)) continue;
      this.partitions.delete(k);
      let t = forgottenByTopic.get(e.topic);
      if (!t) forgottenByTopic.set(e.topic, (t = { topic: e.topic, topicId: e.topicId, partitions: [] }));
      t.partitions.push(e.partition);
    }
    return { sessionId: this.sessionId, sessionEpoch: this.epoch, send, forgotten: [...forgottenByTopic.values()] };
  }

  /** After a response without a top-level error. */
  onSuccess(responseSessionId: number, wasFull: boolean): void {
    if (wasFull) {
      // A broker that declines (or cannot keep) a session answers with id 0: stay on full fetches.
      this.sessionId = responseSessionId;
      this.epoch = responseSessionId === 0 ? 0 : 1;
    } else {
      this.epoch = this.epoch >= 0x7fffffff ? 1 : this.epoch + 1;
    }
  }

  /** After a session error or a failed request: start over with a full fetch. */
  reset(): void {
    this.sessionId = 0;
    this.epoch = 0;
    this.partitions.clear();
  }
}
