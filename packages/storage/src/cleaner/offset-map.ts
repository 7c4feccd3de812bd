import { createHash } from 'node:crypto';

const MAX_RAW_KEY = 64;

/**
 * Key → latest offset for the dirty part of a log (Kafka's SkimpyOffsetMap). Short keys are stored
 * as their bytes (a latin1 string maps bytes 1:1); long ones by SHA-1 digest, like Kafka's hashed
 * keys, so the map's memory does not grow with key size. Bounded by `maxEntries`: when it is full
 * the cleaner stops building and cleans only up to where the map is complete.
 */
export class OffsetMap {
  private readonly raw = new Map<string, number>();
  private readonly hashed = new Map<string, number>();
  private _latestOffset = -1;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.raw.size + this.hashed.size;
  }

  get isFull(): boolean {
    return this.size >= this.maxEntries;
  }

  /** The largest offset put in the map, -1 if none. */
  get latestOffset(): number {
    return this._latestOffset;
  }

  put(key: Buffer, offset: number): void {
    if (key.length <= MAX_RAW_KEY) this.raw.set(key.toString('latin1'), offset);
    else this.hashed.set(digest(key), offset);
    if (offset > this._latestOffset) this._latestOffset = offset;
  }

  /** The latest offset of `key`, or -1 if the dirty section does not contain it. */
  get(key: Buffer): number {
    const v = key.length <= MAX_RAW_KEY ? this.raw.get(key.toString('latin1')) : this.hashed.get(digest(key));
    return v ?? -1;
  }
}

function digest(key: Buffer): string {
  return createHash('sha1').update(key).digest('base64');
}
