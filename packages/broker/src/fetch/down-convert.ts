/**
 * Fetch v0-3 clients read only magic 0/1 message sets. The log holds magic 2 batches, so for those
 * clients each record is rewritten as an uncompressed legacy message at its own offset (compaction
 * may leave gaps, so offsets are written one by one). Control batches (transaction markers) are
 * dropped: old clients have no notion of them. This is the slow path Kafka also has; modern clients
 * never take it.
 */
import { decodeRecordBatches, encodeLegacyMessageSet, TimestampType } from '@samsa/protocol';

export function downConvert(records: Buffer, magic: 0 | 1): Buffer {
  const parts: Buffer[] = [];
  for (const batch of decodeRecordBatches(records)) {
    if (batch.isControl) continue;
    for (const r of batch.records) {
      parts.push(
        encodeLegacyMessageSet({
          magic,
          baseOffset: r.offset,
          timestampType: magic === 1 ? TimestampType.CreateTime : undefined,
          messages: [{ key: r.key, value: r.value, timestamp: r.timestamp }],
        }),
      );
    }
  }
  return Buffer.concat(parts);
}
