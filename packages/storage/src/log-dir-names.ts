import { randomUUID } from 'node:crypto';
import { StorageError } from './errors.js';

/*
 * Names of the directories inside a log dir. Partition directories are `<topic>-<partition>`; a
 * deleted partition is first renamed `<topic>-<partition>.<uuid>-delete` and removed in the
 * background; `-future` and `-stray` directories belong to replica movement, which Samsa does not do
 * yet, and are left alone.
 */

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;
const MAX_TOPIC_LENGTH = 249;

export const DELETE_DIR_SUFFIX = '-delete';
export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';

/** Kafka's topic name rules; throws INVALID_TOPIC_EXCEPTION. */
export function validateTopicName(topic: string): void {
  if (topic === '' || topic === '.' || topic === '..' || topic.length > MAX_TOPIC_LENGTH || !LEGAL_TOPIC.test(topic)) {
    throw new StorageError('INVALID_TOPIC_EXCEPTION', `illegal topic name "${topic}"`);
  }
}

export function validatePartition(partition: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition > 0x7fffffff) {
    throw new StorageError('INVALID_REQUEST', `illegal partition ${partition}`);
  }
}

/** `<topic>-<partition>` split at the last dash, or null if the name is not a partition directory. */
export function parsePartitionDir(name: string): { topic: string; partition: number } | null {
  const dash = name.lastIndexOf('-');
  if (dash <= 0) return null;
  const topic = name.slice(0, dash);
  const digits = name.slice(dash + 1);
  if (!/^\d+$/.test(digits) || !LEGAL_TOPIC.test(topic)) return null;
  const partition = Number(digits);
  return partition <= 0x7fffffff ? { topic, partition } : null;
}

export function isDeleteDir(name: string): boolean {
  return name.endsWith(DELETE_DIR_SUFFIX);
}

export function isReplicaMovementDir(name: string): boolean {
  return name.endsWith('-future') || name.endsWith('-stray');
}

export function deleteDirName(topic: string, partition: number): string {
  return `${topic}-${partition}.${randomUUID().replaceAll('-', '')}${DELETE_DIR_SUFFIX}`;
}
