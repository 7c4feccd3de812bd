/**
 * A topic's configs as the console shows them: value, source (DescribeConfigs' names), whether it
 * is read-only or sensitive (then the value is null), and the default: what the topic falls back to
 * when its own override is removed, i.e. the next synonym below DYNAMIC_TOPIC_CONFIG, named because
 * it may be a broker key in other units (retention.ms falls back to log.retention.hours=168).
 */
import type { Admin } from '@samsa/client';
import { kafkaCall } from '../http-errors.js';

export interface TopicConfigJson {
  name: string;
  value: string | null;
  source: string;
  default: string | null;
  /** The key `default` is the value of (the topic key itself, or the broker key that supplies it). */
  defaultName: string | null;
  readOnly: boolean;
  sensitive: boolean;
}

export async function topicConfigs(admin: Admin, topic: string): Promise<TopicConfigJson[]> {
  const [res] = await kafkaCall(() =>
    admin.describeConfigs([{ type: 'topic', name: topic }], { includeSynonyms: true }),
  );
  return (res?.configs ?? [])
    .map((c) => {
      const fallback = c.synonyms.find((s) => s.source !== 'DYNAMIC_TOPIC_CONFIG');
      return {
        name: c.name,
        value: c.isSensitive ? null : c.value,
        source: c.source,
        default: c.isSensitive
          ? null
          : fallback
            ? fallback.value
            : c.source === 'DYNAMIC_TOPIC_CONFIG'
              ? null
              : c.value,
        defaultName: fallback ? fallback.name : c.source === 'DYNAMIC_TOPIC_CONFIG' ? null : c.name,
        readOnly: c.readOnly,
        sensitive: c.isSensitive,
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
