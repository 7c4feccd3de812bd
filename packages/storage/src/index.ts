// Public API of @samsa/storage: Kafka's on-disk log. See docs/ON-DISK-FORMAT.md for the files.
export type { EpochEntry } from './checkpoint/leader-epoch-checkpoint-file.js';
export type { CleanResult } from './cleaner/clean-log.js';
export type { CleanableRange } from './cleaner/cleanable.js';
export { type CleanerOptions, LogCleaner } from './cleaner/log-cleaner.js';
export { type EpochEndOffset, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from './epoch/leader-epoch-cache.js';
export { StorageError, type StorageErrorCode } from './errors.js';
export {
  type FileStats,
  type FileSystem,
  type FsSpace,
  nodeFileSystem,
  type OpenFlags,
  type RemoveOptions,
} from './fs/file-system.js';
export { type FaultKind, FsError, MemoryFileSystem } from './fs/memory-file-system.js';
export * from './log-config.js';
export type { LogDirInfo } from './log-dirs-info.js';
export { type BackgroundTaskOptions, isIoFailure, LogManager, type LogManagerOptions } from './log-manager.js';
export type { FetchDataInfo, LogReadOptions } from './log-read.js';
export type { TimestampAndOffset } from './log-timestamps.js';
export { type AppendInfo, PartitionLog, type PartitionLogOptions } from './partition-log.js';
export type { AbortedTxn } from './producer/aborted-txn-index.js';
export type { AppendOrigin, CompletedTxn } from './producer/producer-append.js';
export type { ProducerStateEntry } from './producer/producer-state-entry.js';
export type { ProducerStateManager } from './producer/producer-state-manager.js';
export type { Allocate } from './segment/segment-read.js';
