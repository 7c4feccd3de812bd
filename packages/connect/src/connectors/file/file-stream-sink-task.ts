/**
 * Appends each record's value and a newline to the file (stdout without one), as Kafka's
 * FileStreamSinkTask prints it; flush() fsyncs, so committed offsets never run ahead of the disk.
 */
import { type FileHandle, open } from 'node:fs/promises';
import type { SinkRecord } from '../../api/records.js';
import { SinkTask, type TopicPartitionOffset } from '../../api/tasks.js';
import { FILE_VERSION } from './file-version.js';

export class FileStreamSinkTask extends SinkTask {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkTask';
  private fh: FileHandle | null = null;

  version(): string {
    return FILE_VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    if (props.file) this.fh = await open(props.file, 'a');
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const text = records.map((r) => `${valueText(r.value)}\n`).join('');
    if (this.fh) await this.fh.write(text);
    else process.stdout.write(text);
  }

  override async flush(_offsets: readonly TopicPartitionOffset[] = []): Promise<void> {
    await this.fh?.sync();
  }

  async stop(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }
}

/**
 * Java's String.valueOf for the values a converter hands over, so the file reads as Kafka's sink
 * writes it: maps as {k=v, k2=v2}, lists as [a, b], bytes as text.
 */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (Array.isArray(v)) return `[${v.map(valueText).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${valueText(k)}=${valueText(x)}`).join(', ')}}`;
  if (
    typeof v === 'object' &&
    !(v instanceof Date) &&
    (v.constructor === Object || Object.getPrototypeOf(v) === null)
  ) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${valueText(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}
