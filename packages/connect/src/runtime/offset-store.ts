/**
 * Source offsets of a standalone worker, in `offset.storage.file.filename` (Kafka's
 * FileOffsetBackingStore). Keys and values are the bytes Kafka Connect writes to its offset topic:
 * the key `["<connector>",{<source partition>}]` and the value `{<source offset>}`, as schemaless
 * JSON; the file holds them as one JSON object, key text → value text (Kafka's file holds the
 * same pairs Java-serialized, which no other runtime reads). Written whole to a temporary file
 * and renamed, so a crash leaves the previous flush or the next, never half of one.
 * Owner: the worker; writes are serialized by the flush promise chain.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { OffsetMap } from '../api/records.js';
import { JsonConverter } from '../converters/json-converter.js';
import type { OffsetStore } from './herder-api.js';

const json = new JsonConverter();
json.configure({ 'schemas.enable': 'false' });

export function offsetKey(connector: string, partition: OffsetMap): string {
  return (json.fromConnectData('', null, [connector, partition]) as Buffer).toString('utf8');
}

export function offsetValue(offset: OffsetMap | null): string | null {
  return offset === null ? null : (json.fromConnectData('', null, offset) as Buffer).toString('utf8');
}

export function parseOffsetKey(key: string): { connector: string; partition: OffsetMap } | null {
  try {
    const v = json.toConnectData('', Buffer.from(key)).value;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string')
      return { connector: v[0], partition: v[1] as OffsetMap };
  } catch {
    // not a key this runtime wrote
  }
  return null;
}

export function parseOffsetValue(value: string): OffsetMap {
  return json.toConnectData('', Buffer.from(value)).value as OffsetMap;
}

export class FileOffsetStore implements OffsetStore {
  private data = new Map<string, string>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    if (text.trim() === '') return;
    this.data = new Map(Object.entries(JSON.parse(text) as Record<string, string>));
  }

  get(connector: string, partition: OffsetMap): OffsetMap | null {
    const v = this.data.get(offsetKey(connector, partition));
    return v === undefined ? null : parseOffsetValue(v);
  }

  /** Every stored partition of `connector` with its offset. */
  list(connector: string): Array<{ partition: OffsetMap; offset: OffsetMap }> {
    const out: Array<{ partition: OffsetMap; offset: OffsetMap }> = [];
    for (const [k, v] of this.data) {
      const key = parseOffsetKey(k);
      if (key?.connector === connector) out.push({ partition: key.partition, offset: parseOffsetValue(v) });
    }
    return out;
  }

  /** Sets (or, with a null offset, removes) offsets and writes the file. */
  set(connector: string, entries: ReadonlyArray<{ partition: OffsetMap; offset: OffsetMap | null }>): Promise<void> {
    for (const { partition, offset } of entries) {
      const k = offsetKey(connector, partition);
      const v = offsetValue(offset);
      if (v === null) this.data.delete(k);
      else this.data.set(k, v);
    }
    return this.flush();
  }

  private flush(): Promise<void> {
    const snapshot = JSON.stringify(Object.fromEntries(this.data));
    this.writing = this.writing.then(async () => {
      const tmp = `${this.path}.tmp`;
      await writeFile(tmp, snapshot);
      await rename(tmp, this.path);
    });
    return this.writing;
  }
}
