/**
 * Reads the file line by line from the stored position: source partition {"filename": path},
 * offset {"position": byte offset after the line}, as Kafka's FileStreamSourceTask, so an offset
 * written by either names the same place. A partial last line waits for its newline. A missing
 * file is waited for (Kafka's task logs and retries too).
 */
import { open } from 'node:fs/promises';
import { Schemas } from '../../api/data/schema.js';
import { SourceRecord } from '../../api/records.js';
import { SourceTask } from '../../api/tasks.js';
import { FILE_VERSION } from './file-version.js';

const READ_CHUNK = 64 * 1024;
const IDLE_WAIT_MS = 200;

export class FileStreamSourceTask extends SourceTask {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSourceTask';
  private file = '';
  private topic = '';
  private batchSize = 2000;
  private position = 0;
  private pending: Buffer = Buffer.alloc(0);
  private stopped = false;

  version(): string {
    return FILE_VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    this.file = props.file ?? '';
    this.topic = props.topic as string;
    this.batchSize = Number(props['batch.size'] ?? 2000);
    if (!this.file) throw new Error('FileStreamSourceTask without a file (stdin) is not supported by this worker');
    const stored = await this.context?.offsetStorageReader().offset({ filename: this.file });
    const pos = stored?.position;
    if (typeof pos === 'number' || typeof pos === 'bigint') this.position = Number(pos);
  }

  async poll(): Promise<SourceRecord[] | null> {
    const lines = await this.readLines();
    if (lines.length === 0) {
      await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
      return null;
    }
    return lines.map(
      ({ line, end }) =>
        new SourceRecord({
          sourcePartition: { filename: this.file },
          sourceOffset: { position: end },
          topic: this.topic,
          valueSchema: Schemas.STRING_SCHEMA,
          value: line,
        }),
    );
  }

  /** Up to batch.size complete lines after `position`; the position moves past each one returned. */
  private async readLines(): Promise<Array<{ line: string; end: number }>> {
    if (this.stopped) return [];
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(this.file, 'r');
    } catch {
      return []; // not there yet: Kafka's task waits for it too
    }
    const out: Array<{ line: string; end: number }> = [];
    try {
      // Bytes already read (`pending`) start at `position`; reading continues after them.
      let readAt = this.position + this.pending.length;
      for (;;) {
        this.takeLines(out);
        if (out.length >= this.batchSize) break;
        const buf = Buffer.allocUnsafe(READ_CHUNK);
        const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, readAt);
        if (bytesRead === 0) break;
        readAt += bytesRead;
        this.pending = Buffer.concat([this.pending, buf.subarray(0, bytesRead)]);
      }
    } finally {
      await fh.close();
    }
    return out;
  }

  /** Moves complete lines from `pending` to `out`, up to batch.size, advancing `position`. */
  private takeLines(out: Array<{ line: string; end: number }>): void {
    let nl = this.pending.indexOf(10);
    while (nl >= 0 && out.length < this.batchSize) {
      let lineEnd = nl;
      if (lineEnd > 0 && this.pending[lineEnd - 1] === 13) lineEnd--; // \r\n, as BufferedReader.readLine
      this.position += nl + 1;
      out.push({ line: this.pending.subarray(0, lineEnd).toString('utf8'), end: this.position });
      this.pending = this.pending.subarray(nl + 1);
      nl = this.pending.indexOf(10);
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
