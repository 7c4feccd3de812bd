/**
 * The offset and status topics as a distributed worker holds them in memory: every record of the
 * topic applied in order (latest value per key wins, a tombstone removes), writes sent to the
 * topic and applied locally at once so a worker reads its own writes. Offsets use the same keys
 * and values as the standalone file (`["<connector>",{partition}]` → `{offset}`), which are Kafka
 * Connect's offset-topic bytes.
 */
import type { ConsumerRecord } from '@samsa/client';
import type { OffsetMap } from '../../api/records.js';
import type { OffsetStore } from '../herder-api.js';
import { offsetKey, offsetValue, parseOffsetKey, parseOffsetValue } from '../offset-store.js';
import { readStoredValue, StoredRecords, type StoredStatus } from './stored-records.js';
import type { TopicLog } from './topic-log.js';

export class TopicOffsetStore implements OffsetStore {
  private readonly data = new Map<string, string>();
  log: TopicLog | null = null;

  onRecord(r: ConsumerRecord): void {
    const k = r.key?.toString('utf8');
    if (k === undefined) return;
    if (r.value === null) this.data.delete(k);
    else this.data.set(k, r.value.toString('utf8'));
  }

  get(connector: string, partition: OffsetMap): OffsetMap | null {
    const v = this.data.get(offsetKey(connector, partition));
    return v === undefined ? null : parseOffsetValue(v);
  }

  list(connector: string): Array<{ partition: OffsetMap; offset: OffsetMap }> {
    const out: Array<{ partition: OffsetMap; offset: OffsetMap }> = [];
    for (const [k, v] of this.data) {
      const key = parseOffsetKey(k);
      if (key?.connector === connector) out.push({ partition: key.partition, offset: parseOffsetValue(v) });
    }
    return out;
  }

  async set(
    connector: string,
    entries: ReadonlyArray<{ partition: OffsetMap; offset: OffsetMap | null }>,
  ): Promise<void> {
    const sends: Promise<void>[] = [];
    for (const { partition, offset } of entries) {
      const k = offsetKey(connector, partition);
      const v = offsetValue(offset);
      if (v === null) this.data.delete(k);
      else this.data.set(k, v);
      if (this.log) sends.push(this.log.send(k, v === null ? null : Buffer.from(v, 'utf8')));
    }
    await Promise.all(sends);
  }
}

export class TopicStatusStore {
  private readonly data = new Map<string, StoredStatus>();
  log: TopicLog | null = null;

  onRecord(r: ConsumerRecord): void {
    const k = r.key?.toString('utf8');
    if (k === undefined) return;
    const v = readStoredValue(r.value);
    if (v === null) {
      this.data.delete(k);
      return;
    }
    this.data.set(k, {
      state: String(v.state),
      trace: typeof v.trace === 'string' ? v.trace : null,
      workerId: String(v.worker_id),
      generation: Number(v.generation ?? 0),
    });
  }

  connector(name: string): StoredStatus | null {
    return this.data.get(`status-connector-${name}`) ?? null;
  }

  task(name: string, task: number): StoredStatus | null {
    return this.data.get(`status-task-${name}-${task}`) ?? null;
  }

  async putConnector(name: string, s: StoredStatus): Promise<void> {
    const r = StoredRecords.connectorStatus(name, s);
    this.data.set(r.key, s);
    await this.log?.send(r.key, r.value);
  }

  async putTask(name: string, task: number, s: StoredStatus): Promise<void> {
    const r = StoredRecords.taskStatus(name, task, s);
    this.data.set(r.key, s);
    await this.log?.send(r.key, r.value);
  }
}
