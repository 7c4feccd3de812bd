/**
 * A record of __consumer_offsets, decoded by its key's version: 0 and 1 are committed offsets, 2 is
 * group metadata, 3-8 are KIP-848 consumer-group records (consumer/consumer-group-records.ts). Other
 * versions (regex resolutions, share and streams groups) are reported as 'unknown' so a log written
 * by a newer Kafka still loads.
 */
import { Reader } from '@samsa/protocol';
import { BrokerError } from '../../errors/broker-error.js';
import {
  CONSUMER_GROUP_RECORD_TYPES,
  type ConsumerGroupRecord,
  decodeConsumerGroupRecord,
  encodeConsumerGroupKey,
  encodeConsumerGroupValue,
} from './consumer/consumer-group-records.js';
import {
  decodeGroupMetadataValue,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  type GroupMetadataValue,
} from './group-metadata-record.js';
import {
  decodeOffsetCommitValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  type OffsetCommitKey,
  type OffsetCommitValue,
  readOffsetCommitKey,
} from './offset-commit-record.js';

export type CoordinatorRecord =
  | { kind: 'offset'; key: OffsetCommitKey; value: OffsetCommitValue | null }
  | { kind: 'group'; group: string; value: GroupMetadataValue | null }
  | { kind: 'consumer'; record: ConsumerGroupRecord }
  | { kind: 'unknown'; keyVersion: number };

export interface RawRecord {
  key: Buffer;
  value: Buffer | null;
}

export function decodeCoordinatorRecord(key: Buffer, value: Buffer | null): CoordinatorRecord {
  const r = new Reader(key);
  const keyVersion = r.int16();
  if (keyVersion === 0 || keyVersion === 1) {
    return { kind: 'offset', key: readOffsetCommitKey(r), value: value ? decodeOffsetCommitValue(value) : null };
  }
  if (keyVersion === 2) {
    return { kind: 'group', group: r.string(), value: value ? decodeGroupMetadataValue(value) : null };
  }
  if (CONSUMER_GROUP_RECORD_TYPES.has(keyVersion)) {
    const record = decodeConsumerGroupRecord(keyVersion, r, value ? new Reader(value) : null);
    if (record) return { kind: 'consumer', record };
  }
  return { kind: 'unknown', keyVersion };
}

export function encodeCoordinatorRecord(record: CoordinatorRecord): RawRecord {
  switch (record.kind) {
    case 'offset':
      return {
        key: encodeOffsetCommitKey(record.key),
        value: record.value ? encodeOffsetCommitValue(record.value) : null,
      };
    case 'group':
      return {
        key: encodeGroupMetadataKey(record.group),
        value: record.value ? encodeGroupMetadataValue(record.value) : null,
      };
    case 'consumer':
      return { key: encodeConsumerGroupKey(record.record), value: encodeConsumerGroupValue(record.record) };
    case 'unknown':
      throw new BrokerError('ILLEGAL_STATE', `cannot encode a record of unknown key version ${record.keyVersion}`);
  }
}
