/**
 * The one place the broker reads inside a member's protocol metadata: the topics a "consumer"
 * member subscribes to (ConsumerProtocolSubscription: [int16 version][int32 n][string topic]*n ...),
 * which OffsetDelete and offset expiry need, as in Kafka. Assignor data is never interpreted.
 * Unreadable metadata counts as "subscribed to everything", the safe answer for both callers.
 */
import { Reader } from '@samsa/protocol';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';

export function subscribedTopics(metadata: Buffer): Set<string> | null {
  try {
    const r = new Reader(metadata);
    r.int16(); // versions 0-3 share the topic list's encoding (the schema is not flexible)
    const n = r.int32();
    const topics = new Set<string>();
    for (let i = 0; i < n; i++) topics.add(r.string());
    return topics;
  } catch {
    return null;
  }
}
