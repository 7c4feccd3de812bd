/**
 * Values Kafka derives from several spellings of one setting (KafkaConfig 3.8): retention from
 * ms, minutes or hours; segment roll and jitter from ms or hours; the flush interval from the
 * scheduler interval; the timestamp bounds from the deprecated difference. Each comes with the key
 * it was taken from, so a validation error can name what the operator wrote, and with its exact
 * text, so Long.MAX_VALUE is never rounded on its way into topic configs.
 */
import { LONG_MAX_TEXT } from '@samsa/common';
import type { ResolvedConfig } from './resolved-config.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A derived value with the key it came from, so validation errors can name that key. */
export interface Derived {
  readonly value: number;
  /** Exact text for topic configs; differs from String(value) only above 2^53 (Long.MAX_VALUE). */
  readonly text: string;
  readonly from: string;
}

/** KafkaConfig.logRetentionTimeMillis: first of ms, minutes, hours that is set; negative means -1. */
export function logRetentionMs(r: ResolvedConfig): Derived {
  const ms = r.entry('log.retention.ms');
  const minutes = r.numberOrNull('log.retention.minutes');
  let derived: Derived;
  if (ms.value !== null) derived = { value: r.number(ms.name), text: ms.text as string, from: ms.name };
  else if (minutes !== null) derived = fromUnits(minutes, MINUTE_MS, 'log.retention.minutes');
  else derived = fromUnits(r.number('log.retention.hours'), HOUR_MS, 'log.retention.hours');
  return derived.value < 0 ? { value: -1, text: '-1', from: derived.from } : derived;
}

function fromUnits(count: number, unitMs: number, from: string): Derived {
  const value = count * unitMs;
  return { value, text: String(value), from };
}

export function logRollMs(r: ResolvedConfig): Derived {
  return msOrHours(r, 'log.roll.ms', 'log.roll.hours');
}

export function logRollJitterMs(r: ResolvedConfig): Derived {
  return msOrHours(r, 'log.roll.jitter.ms', 'log.roll.jitter.hours');
}

function msOrHours(r: ResolvedConfig, msKey: string, hoursKey: string): Derived {
  const ms = r.entry(msKey);
  if (ms.value !== null) return { value: r.number(msKey), text: ms.text as string, from: msKey };
  return fromUnits(r.number(hoursKey), HOUR_MS, hoursKey);
}

/**
 * KafkaConfig.logMessageTimestampBefore/AfterMaxMs: while the new key is at Long.MAX_VALUE, the
 * deprecated log.message.timestamp.difference.max.ms still applies.
 */
export function timestampBound(r: ResolvedConfig, key: string): Derived {
  const own = r.entry(key);
  const chosen = own.text === LONG_MAX_TEXT ? r.entry('log.message.timestamp.difference.max.ms') : own;
  return { value: r.number(chosen.name), text: chosen.text as string, from: chosen.name };
}

/**
 * The value the broker actually uses for `name`, as Kafka prints it, once lower-precedence
 * spellings are folded in: log.retention.ms from minutes or hours, log.roll(.jitter).ms from hours,
 * log.flush.interval.ms from the scheduler interval, the timestamp bounds from the deprecated
 * difference. Other keys give their own value. Null when unset; passwords are never returned.
 */
export function effectiveText(r: ResolvedConfig, name: string): string | null {
  switch (name) {
    case 'log.retention.ms':
      return logRetentionMs(r).text;
    case 'log.roll.ms':
      return logRollMs(r).text;
    case 'log.roll.jitter.ms':
      return logRollJitterMs(r).text;
    case 'log.flush.interval.ms':
      return r.text(name) ?? r.text('log.flush.scheduler.interval.ms');
    case 'log.message.timestamp.before.max.ms':
    case 'log.message.timestamp.after.max.ms':
      return timestampBound(r, name).text;
  }
  const entry = r.entry(name);
  return entry.def.type === 'PASSWORD' ? null : entry.text;
}
