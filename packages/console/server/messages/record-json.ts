/** A consumed record as the browser's JSON: offsets as numbers, bytes rendered (render.ts). */
import type { ConsumerRecord } from '@samsa/client';
import { type Rendered, type RenderMode, renderBytes } from './render.js';

export interface RecordJson {
  partition: number;
  offset: number;
  timestamp: number;
  key: Rendered | null;
  value: Rendered | null;
  headers: Array<{ key: string; value: Rendered | null }>;
  /** Key plus value bytes. */
  size: number;
}

export function recordJson(r: ConsumerRecord, mode: RenderMode): RecordJson {
  return {
    partition: r.partition,
    offset: Number(r.offset),
    timestamp: r.timestamp,
    key: renderBytes(r.key, mode),
    value: renderBytes(r.value, mode),
    headers: r.headers.map((h) => ({ key: h.key, value: renderBytes(h.value, mode === 'hex' ? 'hex' : 'text') })),
    size: (r.key?.length ?? 0) + (r.value?.length ?? 0),
  };
}
