/**
 * The one place the broker reads inside a member's protocol metadata: the topics a "consumer"
 * member subscribes to (ConsumerProtocolSubscription, decoded by protocol's codec), which
 * OffsetDelete and offset expiry need, as in Kafka. Assignor data is never interpreted.
 * Unreadable metadata counts as "subscribed to everything", the safe answer for both callers.
 */
import { readConsumerProtocolSubscription } from '@samsa/protocol';

export function subscribedTopics(metadata: Buffer): Set<string> | null {
  try {
    return new Set(readConsumerProtocolSubscription(metadata).subscription.topics);
  } catch {
    return null;
  }
}
