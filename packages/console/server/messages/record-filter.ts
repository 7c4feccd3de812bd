/**
 * The message browser's filter: a case-insensitive substring searched in the key, the value, the
 * headers (names and values), or any of them. Bytes are searched as UTF-8 text (lossy for binary
 * data, which is what a user typing text wants to match).
 */
import type { ConsumerRecord } from '@samsa/client';

export const FILTER_FIELDS = ['any', 'key', 'value', 'headers'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export type RecordPredicate = (r: ConsumerRecord) => boolean;

export function recordFilter(text: string, field: FilterField): RecordPredicate | null {
  if (text === '') return null;
  const needle = text.toLowerCase();
  const has = (b: Buffer | null | undefined) => b?.toString('utf8').toLowerCase().includes(needle) === true;
  const inHeaders = (r: ConsumerRecord) => r.headers.some((h) => h.key.toLowerCase().includes(needle) || has(h.value));
  switch (field) {
    case 'key':
      return (r) => has(r.key);
    case 'value':
      return (r) => has(r.value);
    case 'headers':
      return inHeaders;
    default:
      return (r) => has(r.key) || has(r.value) || inHeaders(r);
  }
}
