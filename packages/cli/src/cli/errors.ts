/**
 * Exit codes scripts can rely on, and the errors that carry them. Every subcommand ends through
 * `exitCodeFor`, so the mapping from failure to code lives here and nowhere else.
 *
 *   0  success
 *   1  usage or user error: unknown or missing flag, bad value, unreadable input file
 *   2  the broker refused the request (a Kafka error code: topic exists, unknown topic, ...)
 *      or does not support what was asked
 *   3  no broker answered at --bootstrap-server, or the call timed out
 *   4  anything else (a bug: please report it)
 */
import { ClientError, KafkaError } from '@samsa/client';

export const EXIT = { ok: 0, usage: 1, refused: 2, unreachable: 3, internal: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line is wrong; the message names the problem and usage follows it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure with a message meant for the user as is, and its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

const UNREACHABLE = new Set([
  'CONNECTION_FAILED',
  'CONNECTION_CLOSED',
  'NO_BROKERS',
  'REQUEST_TIMEOUT',
  'METADATA_TIMEOUT',
]);

/** The user-facing message and exit code for anything a subcommand threw. */
export function describeFailure(err: unknown, bootstrap: string | undefined): { message: string; code: ExitCode } {
  if (err instanceof UsageError) return { message: err.message, code: EXIT.usage };
  if (err instanceof CliError) return { message: err.message, code: err.exitCode };
  if (err instanceof KafkaError) return { message: `${err.errorName}: ${err.message}`, code: EXIT.refused };
  if (err instanceof ClientError) {
    if (UNREACHABLE.has(err.code)) {
      return {
        message:
          `could not reach a broker at ${bootstrap ?? '(no --bootstrap-server)'} (${rootMessage(err)}). ` +
          'Check that a broker is running there and that --bootstrap-server names it.',
        code: EXIT.unreachable,
      };
    }
    if (err.code === 'ABORTED') return { message: `timed out talking to ${bootstrap}`, code: EXIT.unreachable };
    if (err.code === 'INVALID_CONFIG') return { message: err.message, code: EXIT.usage };
    if (err.code === 'UNSUPPORTED_VERSION') return { message: err.message, code: EXIT.refused };
    return { message: `${err.code}: ${err.message}`, code: EXIT.internal };
  }
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ENOENT') {
    return { message: err.message, code: EXIT.usage };
  }
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err), code: EXIT.internal };
}

/** The innermost cause's message: "connect ECONNREFUSED 127.0.0.1:1" rather than its wrappers. */
export function rootMessage(err: unknown): string {
  let e = err;
  for (let i = 0; i < 5 && e instanceof Error && e.cause instanceof Error; i++) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
