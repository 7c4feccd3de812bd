/**
 * Produce (key 0), v0-11.
 * - acks must be -1, 0 or 1 (else INVALID_REQUIRED_ACKS for every partition); acks=0 gets no response.
 * - v0-2 carry magic 0/1 message sets, converted to magic 2 before they reach the log.
 * - Each partition succeeds or fails alone: unknown partition, corrupt batch (CORRUPT_MESSAGE),
 *   a batch over max.message.bytes (MESSAGE_TOO_LARGE), too few in-sync replicas for acks=all.
 * - acks=1 answers after the local append. acks=all answers once the ISR has the records (the
 *   high watermark passed them): at once when this broker is the whole ISR, else from the produce
 *   purgatory, with NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR fell below min.insync.replicas
 *   meanwhile, NOT_LEADER_OR_FOLLOWER if leadership moved, REQUEST_TIMED_OUT after timeout_ms.
 * - logAppendTimeMs is -1 unless the topic uses LogAppendTime (v2+); logStartOffset from v5.
 * - producer_byte_rate: the request's record bytes count against the client's quota; over it, the
 *   response carries throttle_time_ms (v1+) and the connection is muted that long (quota/).
 * - error_message (v8+): null, except for a batch refused record by record (INVALID_RECORD,
 *   INVALID_TIMESTAMP), whose reason Kafka sends (its RecordValidationException is the only
 *   produce error with a "custom" message).
 * - Authorization (Kafka's): transactional records need WRITE on the TRANSACTIONAL_ID (else the
 *   whole request is TRANSACTIONAL_ID_AUTHORIZATION_FAILED); each topic needs WRITE (else its
 *   partitions are TOPIC_AUTHORIZATION_FAILED, and nothing is appended to them). Since Kafka 3.0
 *   (KIP-679) an idempotent produce needs no IDEMPOTENT_WRITE here: InitProducerId checks it.
 */
import {
  defaultProduceResponse,
  defaultProduceResponsePartitionProduceResponse,
  defaultProduceResponseTopicProduceResponse,
  ErrorCode,
  KafkaError,
  type ProduceRequest,
  type ProduceRequestPartitionProduceData,
  type ProduceResponse,
} from '@samsa/protocol';
import { PRODUCER_BYTE_RATE } from '../quota/quota-entity.js';
import { throttleForBytes } from '../quota/throttle.js';
import { type AppendedPartition, type AppendResult, failedAppend } from '../replica/replica-manager.js';
import { AclOperation, authorizedTopic, authorizedTransactionalId } from '../security/authorizer/authorize.js';
import { defineHandler, type HandlerResult, NO_RESPONSE } from './handler.js';

/** The codes Kafka answers with its RecordValidationException, the only ones carrying a message. */
const MESSAGE_CARRYING = new Set<number>([ErrorCode.INVALID_RECORD, ErrorCode.INVALID_TIMESTAMP]);

function build(
  request: ProduceRequest,
  result: (topic: string, partition: ProduceRequestPartitionProduceData) => AppendResult,
): ProduceResponse {
  const response = defaultProduceResponse();
  for (const t of request.topicData) {
    const topic = defaultProduceResponseTopicProduceResponse();
    topic.name = t.name;
    for (const p of t.partitionData) {
      const r = result(t.name, p);
      const pr = defaultProduceResponsePartitionProduceResponse();
      pr.index = p.index;
      pr.errorCode = r.errorCode;
      pr.errorMessage = MESSAGE_CARRYING.has(r.errorCode) ? r.errorMessage : null;
      pr.baseOffset = BigInt(r.baseOffset);
      pr.logAppendTimeMs = BigInt(r.logAppendTimeMs);
      pr.logStartOffset = BigInt(r.logStartOffset);
      topic.partitionResponses.push(pr);
    }
    response.responses.push(topic);
  }
  return response;
}

export default defineHandler({
  apiKey: 0,
  minVersion: 0,
  maxVersion: 11,
  handle(ctx, request) {
    const { acks } = request;
    if (acks !== -1 && acks !== 0 && acks !== 1) {
      return build(request, () => failedAppend(ErrorCode.INVALID_REQUIRED_ACKS, null));
    }
    if (ctx.broker.authorizer && hasTransactionalRecords(request)) {
      const id = request.transactionalId;
      if (id === null || !authorizedTransactionalId(ctx, AclOperation.WRITE, id)) {
        throw new KafkaError(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      }
    }
    const now = Date.now();
    const replicas = ctx.broker.replicas;
    const appended: AppendedPartition[] = [];
    for (const t of request.topicData) {
      const allowed = authorizedTopic(ctx, AclOperation.WRITE, t.name);
      for (const p of t.partitionData) {
        const result = allowed
          ? replicas.appendRecords({ topic: t.name, partition: p.index, records: p.records, acks, now })
          : failedAppend(ErrorCode.TOPIC_AUTHORIZATION_FAILED, null);
        appended.push({ topic: t.name, partition: p.index, result });
      }
    }
    const respond = (results: AppendResult[]): HandlerResult<0> => {
      let i = 0;
      const response = build(request, () => results[i++] as AppendResult);
      if (ctx.broker.quotas.enforces(PRODUCER_BYTE_RATE))
        response.throttleTimeMs = throttleForBytes(ctx, PRODUCER_BYTE_RATE, recordBytes(request), now);
      return acks === 0 ? NO_RESPONSE : response;
    };
    if (acks !== -1) return respond(appended.map((a) => a.result));
    const replicated = replicas.awaitReplication(appended, request.timeoutMs, now);
    return replicated instanceof Promise ? replicated.then(respond) : respond(replicated);
  },
  errorResponse(request, errorCode) {
    return build(request, () => failedAppend(errorCode, null));
  },
});

function recordBytes(request: ProduceRequest): number {
  let n = 0;
  for (const t of request.topicData) for (const p of t.partitionData) n += p.records?.length ?? 0;
  return n;
}

/** Offset of a v2 record batch's attributes, and their transactional bit. */
const ATTRIBUTES_OFFSET = 21;
const TRANSACTIONAL_BIT = 0x10;
const MAGIC_OFFSET = 16;

/**
 * Whether any partition's first batch is transactional (a v2 batch with the transactional bit):
 * Kafka checks the transactional id only then, whatever transactional_id the request carries.
 */
function hasTransactionalRecords(request: ProduceRequest): boolean {
  for (const t of request.topicData) {
    for (const p of t.partitionData) {
      const r = p.records;
      if (
        r &&
        r.length > ATTRIBUTES_OFFSET + 1 &&
        r[MAGIC_OFFSET] === 2 &&
        (r.readInt16BE(ATTRIBUTES_OFFSET) & TRANSACTIONAL_BIT) !== 0
      )
        return true;
    }
  }
  return false;
}
