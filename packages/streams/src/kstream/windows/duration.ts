/**
 * Durations are milliseconds (numbers) throughout this library; `Duration` spells them as Kafka's
 * java.time.Duration calls do (`Duration.ofMinutes(1)` is 60000), so window definitions read alike.
 */
import { StreamsError } from '../../errors.js';
export const Duration = {
  ofMillis: (ms: number): number => ms,
  ofSeconds: (s: number): number => s * 1000,
  ofMinutes: (m: number): number => m * 60_000,
  ofHours: (h: number): number => h * 3_600_000,
  ofDays: (d: number): number => d * 86_400_000,
} as const;

/** Kafka's validateMillisecondDuration: a finite, whole number of milliseconds. */
export function checkMillis(ms: number, what: string): number {
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms)) {
    throw new StreamsError('ILLEGAL_ARGUMENT', `${what} must be a whole number of milliseconds (got ${String(ms)})`);
  }
  return ms;
}
