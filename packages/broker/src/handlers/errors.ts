/** Maps a thrown error to what a per-topic or per-partition result carries. */
import type { Logger } from '@samsa/common';
import { ErrorCode, isKafkaError } from '@samsa/protocol';

export function errorOf(err: unknown, logger: Logger): { code: number; message: string | null } {
  if (isKafkaError(err)) return { code: err.code, message: err.message };
  logger.error({ err: (err as Error)?.stack ?? String(err) }, 'unexpected error in a request handler');
  return { code: ErrorCode.UNKNOWN_SERVER_ERROR, message: null };
}
