import type { FileSystem } from './fs/file-system.js';
import type { PartitionLog } from './partition-log.js';

/** One log dir as DescribeLogDirs reports it. */
export interface LogDirInfo {
  path: string;
  partitions: Array<{ topic: string; partition: number; size: number; offsetLag: number }>;
  /** Filesystem size and space available to this process, from statfs (-1 if unavailable). */
  totalBytes: number;
  usableBytes: number;
  /** Taken offline after an I/O failure: DescribeLogDirs answers KAFKA_STORAGE_ERROR for it. */
  offline?: boolean;
}

export function describeLogDir(fs: FileSystem, path: string, logs: readonly PartitionLog[]): LogDirInfo {
  let totalBytes = -1;
  let usableBytes = -1;
  try {
    const st = fs.statfsSync(path);
    totalBytes = st.blocks * st.bsize;
    usableBytes = st.bavail * st.bsize;
  } catch {
    // Not every platform or filesystem supports statfs; Kafka reports -1 (UNKNOWN) then too.
  }
  return {
    path,
    // offsetLag is for future replicas (replica movement between dirs), which are not supported.
    partitions: logs.map((l) => ({ topic: l.topic, partition: l.partition, size: l.size, offsetLag: 0 })),
    totalBytes,
    usableBytes,
  };
}
