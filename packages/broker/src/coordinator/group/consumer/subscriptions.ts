/**
 * What a consumer group subscribes to, resolved against the cluster's topics: topic names and
 * regular expressions (KIP-848's subscribedTopicRegex; evaluated with JavaScript's RegExp, which
 * agrees with Kafka's RE2/J on the usual patterns — anchored full-name match, as Kafka does), and
 * the hash of those topics' ids and partition counts whose change bumps the group epoch.
 */
import type { ConsumerGroup } from './consumer-group.js';
import type { MemberMetadata } from './consumer-group-records.js';

/** The cluster's topics as the coordinator sees them (internal topics are never subscribed by regex). */
export interface TopicLookup {
  idOf(name: string): string | undefined;
  nameOf(topicId: string): string | undefined;
  partitionCount(name: string): number | undefined;
  names(): Iterable<string>;
  isInternal(name: string): boolean;
}

export const NO_TOPICS: TopicLookup = {
  idOf: () => undefined,
  nameOf: () => undefined,
  partitionCount: () => undefined,
  names: () => [],
  isInternal: () => false,
};

/** Compiles a member's regex; null when it is not a valid pattern. */
export function compileRegex(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return null;
  }
}

/** Existing topic names one member subscribes to. */
export function memberTopics(meta: MemberMetadata, topics: TopicLookup): Set<string> {
  const out = new Set<string>();
  for (const t of meta.subscribedTopicNames) if (topics.idOf(t) !== undefined) out.add(t);
  if (meta.subscribedTopicRegex !== null) {
    const re = compileRegex(meta.subscribedTopicRegex);
    if (re) for (const t of topics.names()) if (!topics.isInternal(t) && re.test(t)) out.add(t);
  }
  return out;
}

/** FNV-1a over the sorted subscribed topics' names, ids and partition counts (Kafka 4.1's metadata hash plays this role). */
export function metadataHash(group: ConsumerGroup, topics: TopicLookup): bigint {
  const names = new Set<string>();
  for (const m of group.members.values()) for (const t of memberTopics(m.metadata, topics)) names.add(t);
  let h = 0xcbf29ce484222325n;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= BigInt(s.charCodeAt(i));
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
  };
  for (const name of [...names].sort()) mix(`${name}/${topics.idOf(name)}/${topics.partitionCount(name)};`);
  return BigInt.asIntN(64, h);
}
