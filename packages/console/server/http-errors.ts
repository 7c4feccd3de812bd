/**
 * How the console answers a failed client call: a KafkaError becomes an HttpError whose status says
 * what kind of failure it was and whose message starts with Kafka's error name (the UI shows it as
 * is, and a script can match on it). Anything else propagates to the shared mapping (a 500 whose
 * details stay in the log).
 */
import { ClientError, KafkaError } from '@samsa/client';
import { HttpError } from '@samsa/common/http';

// Kafka error codes by the HTTP status that says the same thing.
const NOT_FOUND = new Set([3, 69, 100]); // UNKNOWN_TOPIC_OR_PARTITION, GROUP_ID_NOT_FOUND, UNKNOWN_TOPIC_ID
const CONFLICT = new Set([36, 68, 25, 37, 85]); // TOPIC_ALREADY_EXISTS, NON_EMPTY_GROUP, UNKNOWN_MEMBER_ID, INVALID_PARTITIONS, ...
// TOPIC/GROUP/CLUSTER_AUTHORIZATION_FAILED, TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
// SASL_AUTHENTICATION_FAILED, DELEGATION_TOKEN_AUTHORIZATION_FAILED
const FORBIDDEN = new Set([29, 30, 31, 53, 58, 65]);

export function toHttpError(err: unknown): unknown {
  if (err instanceof KafkaError) {
    const status = NOT_FOUND.has(err.code)
      ? 404
      : CONFLICT.has(err.code)
        ? 409
        : FORBIDDEN.has(err.code)
          ? 403
          : err.retriable
            ? 503
            : 400;
    return new HttpError(status, `${err.errorName}: ${err.message}`);
  }
  if (err instanceof ClientError) {
    if (err.code === 'INVALID_CONFIG') return new HttpError(400, err.message);
    return new HttpError(err.retriable ? 503 : 502, `${err.code}: ${err.message}`);
  }
  return err;
}

/** Runs a client call and maps its failure. */
export async function kafkaCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toHttpError(err);
  }
}

/** A bigint (offsets, sizes) as a JSON number; exact below 2^53, which offsets and sizes stay within in practice. */
export function num(v: bigint): number {
  return Number(v);
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}
