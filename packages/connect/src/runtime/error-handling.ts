/**
 * Kafka Connect's error handling (KIP-298): a failure while converting or transforming a record is
 * retried for `errors.retry.timeout` ms when it is a RetriableError (backoff doubling from 300 ms
 * up to `errors.retry.delay.max.ms`); then, with `errors.tolerance=none` the task fails, with `all`
 * the record is skipped and reported — logged when `errors.log.enable`, and for sink connectors
 * written to the dead letter queue (dead-letter-queue.ts). Only the failure path allocates: the
 * caller runs the stage itself and hands the error here.
 */

import type { ConsumerRecord } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { ConnectError, RetriableError } from '../api/errors.js';
import type { SourceRecord } from '../api/records.js';

/** Kafka's Stage names, as the DLQ header __connect.errors.stage carries them. */
export type Stage =
  | 'KEY_CONVERTER'
  | 'VALUE_CONVERTER'
  | 'HEADER_CONVERTER'
  | 'TRANSFORMATION'
  | 'TASK_PUT'
  | 'TASK_POLL'
  | 'KAFKA_PRODUCE'
  | 'KAFKA_CONSUME';

export interface ErrorContext {
  stage: Stage;
  /** The class that failed (converter, transform, task), by its Kafka name when it has one. */
  className: string;
  error: Error;
  /** Sink side: the record as read from Kafka. */
  consumed?: ConsumerRecord;
  /** Source side: the record as the task returned it. */
  source?: SourceRecord;
}

export interface ErrorReporter {
  report(ctx: ErrorContext): Promise<void>;
}

export interface ErrorHandlingSettings {
  retryTimeoutMs: number;
  retryDelayMaxMs: number;
  toleranceAll: boolean;
  logEnable: boolean;
  logIncludeMessages: boolean;
}

export function errorSettings(config: Readonly<Record<string, string>>): ErrorHandlingSettings {
  return {
    retryTimeoutMs: Number(config['errors.retry.timeout'] ?? 0),
    retryDelayMaxMs: Number(config['errors.retry.delay.max.ms'] ?? 60000),
    toleranceAll: (config['errors.tolerance'] ?? 'none').trim() === 'all',
    logEnable: config['errors.log.enable'] === 'true',
    logIncludeMessages: config['errors.log.include.messages'] === 'true',
  };
}

/** What a failed stage ends in when tolerated: the record is skipped. */
export const SKIPPED = Symbol('skipped');

export class RetryWithToleranceOperator {
  /** Records skipped so far (tolerated errors). */
  skipped = 0;

  constructor(
    private readonly settings: ErrorHandlingSettings,
    private readonly reporters: readonly ErrorReporter[],
    private readonly logger: Logger,
    private readonly taskName: string,
  ) {}

  /**
   * `first` was thrown by `run`. Retries retriable failures within the timeout; returns the value
   * of a successful retry, SKIPPED when the failure is tolerated, and throws (failing the task)
   * otherwise.
   */
  async handle<T>(
    first: unknown,
    run: () => T | Promise<T>,
    ctx: Omit<ErrorContext, 'error'>,
  ): Promise<T | typeof SKIPPED> {
    let err = toError(first);
    const deadline =
      this.settings.retryTimeoutMs < 0 ? Number.POSITIVE_INFINITY : Date.now() + this.settings.retryTimeoutMs;
    let delay = 300;
    while (err instanceof RetriableError && Date.now() < deadline) {
      await new Promise((r) =>
        setTimeout(r, Math.min(delay, this.settings.retryDelayMaxMs, Math.max(0, deadline - Date.now()))),
      );
      delay *= 2;
      try {
        return await run();
      } catch (e) {
        err = toError(e);
      }
    }
    const full: ErrorContext = { ...ctx, error: err };
    if (this.settings.logEnable) this.log(full);
    if (!this.settings.toleranceAll) throw new ConnectError('Tolerance exceeded in error handler', { cause: err });
    this.skipped++;
    for (const r of this.reporters) await r.report(full);
    return SKIPPED;
  }

  private log(ctx: ErrorContext): void {
    const fields: Record<string, unknown> = {
      task: this.taskName,
      stage: ctx.stage,
      class: ctx.className,
      err: ctx.error,
    };
    if (ctx.consumed) {
      fields.topic = ctx.consumed.topic;
      fields.partition = ctx.consumed.partition;
      fields.offset = ctx.consumed.offset;
      if (this.settings.logIncludeMessages) {
        fields.key = ctx.consumed.key?.toString('utf8') ?? null;
        fields.value = ctx.consumed.value?.toString('utf8') ?? null;
      }
    }
    this.logger.error(fields, 'error encountered in task; executing stage failed');
  }
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new ConnectError(String(e));
}
