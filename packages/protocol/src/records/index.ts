// Public API of the records module: Kafka record batches (magic 2), legacy message sets (magic 0
// and 1), compression codecs and checksums.
export * from './batch-header.js';
export * from './batch-layout.js';
export * from './batch-mutate.js';
export * from './batch-validate.js';
export * from './compression/index.js';
export * from './control-record.js';
export { crc32c } from './crc32c.js';
export { crc32cTable } from './crc32c-table.js';
export { int64At, writeInt64At } from './int64.js';
export * from './legacy-convert.js';
export * from './legacy-encode.js';
export * from './legacy-message-set.js';
export { type RecordInput, recordBodySize, writeRecord } from './record.js';
export * from './record-batch.js';
export * from './record-batch-decode.js';
export type * from './types.js';
