/**
 * Error codes by request version, in one place. Some error codes were added to an API after its
 * first version; a client speaking an older version may not know the new code (it would treat it
 * as unknown and fatal), so Kafka answers those versions with the older code that means the same
 * to them. Handlers and coordinators always produce the current code; the request dispatcher
 * passes every response through `withVersionErrorCodes` before encoding it, which rewrites every
 * `errorCode` / `*ErrorCode` field the table names for that API and version.
 *
 * The table is Kafka's own down-mapping, read from its request handling (KafkaApis,
 * ReplicaManager, the coordinators and AddPartitionsToTxnManager, Apache Kafka 3.9/4.0):
 *
 * | API                | versions | code                          | answered instead          |
 * | ------------------ | -------- | ----------------------------- | ------------------------- |
 * | Produce            | 0-3      | KAFKA_STORAGE_ERROR (56)      | NOT_LEADER_OR_FOLLOWER (6) |
 * | Produce            | 0-10     | TRANSACTION_ABORTABLE (120)   | INVALID_TXN_STATE (48)    |
 * | Fetch              | 0-5      | KAFKA_STORAGE_ERROR (56)      | NOT_LEADER_OR_FOLLOWER (6) |
 * | ListOffsets        | 0-4      | OFFSET_NOT_AVAILABLE (78)     | LEADER_NOT_AVAILABLE (5)  |
 * | Metadata           | 0-5      | LISTENER_NOT_FOUND (72)       | LEADER_NOT_AVAILABLE (5)  |
 * | DeleteTopics       | 0-2      | TOPIC_DELETION_DISABLED (73)  | INVALID_REQUEST (42)      |
 * | InitProducerId     | 0-3      | PRODUCER_FENCED (90)          | INVALID_PRODUCER_EPOCH (47) |
 * | AddPartitionsToTxn | 0-1      | PRODUCER_FENCED (90)          | INVALID_PRODUCER_EPOCH (47) |
 * | AddOffsetsToTxn    | 0-1      | PRODUCER_FENCED (90)          | INVALID_PRODUCER_EPOCH (47) |
 * | EndTxn             | 0-1      | PRODUCER_FENCED (90)          | INVALID_PRODUCER_EPOCH (47) |
 * | TxnOffsetCommit    | 0-1      | COORDINATOR_LOAD_IN_PROGRESS (14) | COORDINATOR_NOT_AVAILABLE (15) |
 * | TxnOffsetCommit    | 0-3      | TRANSACTION_ABORTABLE (120)   | INVALID_TXN_STATE (48)    |
 *
 * Produce 0-3 is KIP-112's rule (Kafka 1.0 to 2.7); Kafka 2.8 lost it when ProduceResponse moved
 * to the generated codec, which we take for an accident, since those clients cannot decode 56.
 * Codes that need no entry because an older request cannot provoke them: FENCED_INSTANCE_ID
 * (needs group.instance.id, JoinGroup v5+ and friends), UNKNOWN_TOPIC_ID (needs topic ids,
 * Fetch v13+ / Metadata v10+), FENCED_LEADER_EPOCH and UNKNOWN_LEADER_EPOCH (need a current
 * leader epoch, Fetch v9+ / ListOffsets v4+), MEMBER_ID_REQUIRED (JoinGroup v4+ only),
 * UNSTABLE_OFFSET_COMMIT (requireStable, OffsetFetch v7+), OFFSET_MOVED_TO_TIERED_STORAGE (no
 * tiered storage here). REBALANCE_IN_PROGRESS on OffsetCommit is as old as the API and is sent
 * at every version. THROTTLING_QUOTA_EXCEEDED (KIP-599) is no mapping either: Kafka throttles the
 * older CreateTopics/CreatePartitions/DeleteTopics versions silently instead (no controller
 * mutation quota here yet). OffsetFetch v0-1's lack of a top-level error is a matter of where the
 * code goes, which its handler does. TxnOffsetCommit never answers PRODUCER_FENCED at any version
 * (Kafka's log and transaction verification report INVALID_PRODUCER_EPOCH), so the coordinator
 * produces 47 there.
 */
import { ApiKey, type ApiKeyNumber, ErrorCode } from '@samsa/protocol';

export interface OlderErrorCode {
  readonly apiKey: ApiKeyNumber;
  /** The code handlers produce, which requests above `throughVersion` receive. */
  readonly code: number;
  /** The last request version that gets `olderCode` instead. */
  readonly throughVersion: number;
  readonly olderCode: number;
}

export const OLDER_ERROR_CODES: readonly OlderErrorCode[] = [
  older(ApiKey.Produce, 'KAFKA_STORAGE_ERROR', 3, 'NOT_LEADER_OR_FOLLOWER'),
  older(ApiKey.Produce, 'TRANSACTION_ABORTABLE', 10, 'INVALID_TXN_STATE'),
  older(ApiKey.Fetch, 'KAFKA_STORAGE_ERROR', 5, 'NOT_LEADER_OR_FOLLOWER'),
  older(ApiKey.ListOffsets, 'OFFSET_NOT_AVAILABLE', 4, 'LEADER_NOT_AVAILABLE'),
  older(ApiKey.Metadata, 'LISTENER_NOT_FOUND', 5, 'LEADER_NOT_AVAILABLE'),
  older(ApiKey.DeleteTopics, 'TOPIC_DELETION_DISABLED', 2, 'INVALID_REQUEST'),
  older(ApiKey.InitProducerId, 'PRODUCER_FENCED', 3, 'INVALID_PRODUCER_EPOCH'),
  older(ApiKey.AddPartitionsToTxn, 'PRODUCER_FENCED', 1, 'INVALID_PRODUCER_EPOCH'),
  older(ApiKey.AddOffsetsToTxn, 'PRODUCER_FENCED', 1, 'INVALID_PRODUCER_EPOCH'),
  older(ApiKey.EndTxn, 'PRODUCER_FENCED', 1, 'INVALID_PRODUCER_EPOCH'),
  older(ApiKey.TxnOffsetCommit, 'COORDINATOR_LOAD_IN_PROGRESS', 1, 'COORDINATOR_NOT_AVAILABLE'),
  older(ApiKey.TxnOffsetCommit, 'TRANSACTION_ABORTABLE', 3, 'INVALID_TXN_STATE'),
];

function older(
  apiKey: ApiKeyNumber,
  code: keyof typeof ErrorCode,
  throughVersion: number,
  olderCode: keyof typeof ErrorCode,
): OlderErrorCode {
  return { apiKey, code: ErrorCode[code], throughVersion, olderCode: ErrorCode[olderCode] };
}

/** Per API key, per version (index), the codes to replace; built once from the table. */
const BY_API = new Map<number, Array<ReadonlyMap<number, number>>>();
for (const e of OLDER_ERROR_CODES) {
  const versions = BY_API.get(e.apiKey) ?? [];
  for (let v = 0; v <= e.throughVersion; v++) {
    const codes = new Map(versions[v] ?? []);
    codes.set(e.code, e.olderCode);
    versions[v] = codes;
  }
  BY_API.set(e.apiKey, versions);
}

function codesFor(apiKey: number, version: number): ReadonlyMap<number, number> | undefined {
  return BY_API.get(apiKey)?.[version];
}

/** The code a response of `apiKey` at `version` carries for `code`. */
export function errorCodeForVersion(apiKey: number, version: number, code: number): number {
  return codesFor(apiKey, version)?.get(code) ?? code;
}

/**
 * `response` with every error code field adjusted for the request version. Nothing is copied
 * unless a code changes, and then only the objects on the way to it: responses may share
 * objects with state that other requests read.
 */
export function withVersionErrorCodes<T>(apiKey: number, version: number, response: T): T {
  const codes = codesFor(apiKey, version);
  return codes && typeof response === 'object' && response !== null ? (remap(response, codes) as T) : response;
}

function isErrorCodeField(key: string): boolean {
  return key === 'errorCode' || key.endsWith('ErrorCode');
}

function remap(value: unknown, codes: ReadonlyMap<number, number>): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'object' || v === null) continue;
      const r = remap(v, codes);
      if (r !== v) {
        out ??= value.slice();
        out[i] = r;
      }
    }
    return out ?? value;
  }
  // Generated messages are plain objects; anything else (Buffers, record sets) holds no codes.
  if (ArrayBuffer.isView(value) || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const key in obj) {
    const v = obj[key];
    let r: unknown = v;
    if (typeof v === 'number') {
      // The map lookup first: almost every number is not a code to replace.
      const older = codes.get(v);
      if (older !== undefined && isErrorCodeField(key)) r = older;
    } else if (typeof v === 'object' && v !== null) {
      r = remap(v, codes);
    }
    if (r !== v) {
      out ??= { ...obj };
      out[key] = r;
    }
  }
  return out ?? obj;
}
