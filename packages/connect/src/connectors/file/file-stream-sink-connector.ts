/**
 * Kafka's org.apache.kafka.connect.file.FileStreamSinkConnector: records of `topics` appended to
 * `file` (or stdout), one line per record value. As many tasks as asked, all appending.
 */
import { ConnectConfigDef } from '../../api/connect-config-def.js';
import { SinkConnector } from '../../api/connector.js';
import type { SinkTask } from '../../api/tasks.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';
import { FILE_VERSION } from './file-version.js';

export const FILE_SINK_CONFIG = new ConnectConfigDef([
  {
    name: 'file',
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    doc: 'Destination filename. If not specified, the standard output will be used',
  },
]);

export class FileStreamSinkConnector extends SinkConnector {
  static readonly className = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
  private props: Record<string, string> = {};

  version(): string {
    return FILE_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    FILE_SINK_CONFIG.parse(props);
    this.props = { ...props };
  }

  taskClass(): new () => SinkTask {
    return FileStreamSinkTask;
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    const c: Record<string, string> = {};
    if (this.props.file) c.file = this.props.file;
    return Array.from({ length: maxTasks }, () => ({ ...c }));
  }

  stop(): void {}

  config(): ConnectConfigDef {
    return FILE_SINK_CONFIG;
  }
}
