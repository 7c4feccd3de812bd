/** Kafka's rules for topic names (org.apache.kafka.common.internals.Topic). */
const LEGAL = /^[a-zA-Z0-9._-]+$/;
export const MAX_TOPIC_NAME_LENGTH = 249;
export const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state']);

/** Returns why the name is invalid, or null when it is a legal topic name. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters, topic name: ${name}`;
  }
  if (!LEGAL.test(name)) {
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

/** Kafka's Uuid.ZERO_UUID in base64url: "no topic id". */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
