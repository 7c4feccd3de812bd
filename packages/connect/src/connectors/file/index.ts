export { FILE_SINK_CONFIG, FileStreamSinkConnector } from './file-stream-sink-connector.js';
export { FileStreamSinkTask } from './file-stream-sink-task.js';
export { FILE_SOURCE_CONFIG, FileStreamSourceConnector } from './file-stream-source-connector.js';
export { FileStreamSourceTask } from './file-stream-source-task.js';
