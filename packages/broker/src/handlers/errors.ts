/** Maps a thrown error to what a per-topic or per-partition result carries. */
import type { Logger } from '@samsa/common';
import { ErrorCode, errorInfo, isKafkaError } from '@samsa/protocol';

/**
 * The code and message a result carries for `err`, as Kafka's `ApiError.fromThrowable` builds them:
 * the message only when it says more than the code's default text (clients fall back to that text
 * for null), and never for an unexpected error, whose text could leak internals.
 */
export function errorOf(err: unknown, logger: Logger): { code: number; message: string | null } {
  if (isKafkaError(err)) {
    const generic = err.message === errorInfo(err.code).message;
    return { code: err.code, message: generic ? null : err.message };
  }
  logger.error({ err: (err as Error)?.stack ?? String(err) }, 'unexpected error in a request handler');
  return { code: ErrorCode.UNKNOWN_SERVER_ERROR, message: null };
}
