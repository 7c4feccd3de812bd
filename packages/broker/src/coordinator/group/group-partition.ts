/**
 * Which __consumer_offsets partition holds a group: Utils.abs(groupId.hashCode()) % partitions,
 * exactly as Kafka computes it, so a group keeps its partition (and coordinator) across brokers
 * and implementations reading the same log.
 */
export const OFFSETS_TOPIC = '__consumer_offsets';

/** Java's String.hashCode over UTF-16 code units, with int32 overflow. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's Utils.abs: Integer.MIN_VALUE maps to 0 rather than staying negative. */
function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

export function partitionForGroup(groupId: string, numPartitions: number): number {
  return kafkaAbs(javaStringHashCode(groupId)) % numPartitions;
}
