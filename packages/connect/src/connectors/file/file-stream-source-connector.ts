/**
 * Kafka's org.apache.kafka.connect.file.FileStreamSourceConnector: lines of one file (or stdin)
 * into one topic, one task. Config: `file`, `topic`, `batch.size`, as Kafka ships it. Written
 * against the connector API alone, as any third-party connector would be.
 */
import { atLeast, nonEmptyString } from '@samsa/common';
import { ConnectConfigDef } from '../../api/connect-config-def.js';
import { SourceConnector } from '../../api/connector.js';
import { ConnectError } from '../../api/errors.js';
import type { OffsetMap } from '../../api/records.js';
import type { SourceTask } from '../../api/tasks.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';
import { FILE_VERSION } from './file-version.js';

export const FILE_SOURCE_CONFIG = new ConnectConfigDef([
  {
    name: 'file',
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    doc: 'Source filename. If not specified, the standard input will be used',
  },
  {
    name: 'topic',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'HIGH',
    doc: 'The topic to publish data to',
  },
  {
    name: 'batch.size',
    type: 'INT',
    default: 2000,
    validator: atLeast(1),
    importance: 'LOW',
    doc: 'The maximum number of records the source task can read from the file each time it is polled',
  },
]);

export class FileStreamSourceConnector extends SourceConnector {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
  private props: Record<string, string> = {};

  version(): string {
    return FILE_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    FILE_SOURCE_CONFIG.parse(props); // throws ConfigError on a bad value, failing the connector
    this.props = { ...props };
  }

  taskClass(): new () => SourceTask {
    return FileStreamSourceTask;
  }

  /** One task whatever tasks.max says: a file is read by one reader. */
  taskConfigs(_maxTasks: number): Array<Record<string, string>> {
    const c: Record<string, string> = { topic: this.props.topic as string };
    if (this.props.file) c.file = this.props.file;
    if (this.props['batch.size']) c['batch.size'] = this.props['batch.size'];
    return [c];
  }

  stop(): void {}

  config(): ConnectConfigDef {
    return FILE_SOURCE_CONFIG;
  }

  /** KIP-875: partitions are {"filename": ...}, offsets {"position": <non-negative long>}. */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    offsets: ReadonlyArray<{ partition: OffsetMap; offset: OffsetMap | null }>,
  ): boolean {
    for (const { partition, offset } of offsets) {
      if (typeof partition.filename !== 'string') {
        throw new ConnectError("The partitions must contain the key 'filename'");
      }
      if (offset === null) continue;
      const position = offset.position;
      if (position === undefined) throw new ConnectError("The offsets must contain the key 'position'");
      if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
        throw new ConnectError(`The value for the 'position' key in the offset is expected to be a non-negative Long`);
      }
    }
    return true;
  }
}
