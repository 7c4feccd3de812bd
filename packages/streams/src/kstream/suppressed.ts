/**
 * Kafka's Suppressed and BufferConfig: how a KTable's updates are held back.
 * - `Suppressed.untilWindowCloses(BufferConfig.unbounded())`: one final result per window, emitted
 *   when stream time passes the window's end plus its grace (sessions: plus the gap). Only a
 *   strict buffer (unbounded, or bounded with shutDownWhenFull) is allowed: emitting early would
 *   not be final.
 * - `Suppressed.untilTimeLimit(ms, BufferConfig.maxRecords(n))`: a key's latest value is emitted
 *   once stream time is `ms` past its first buffered update, or earlier when the buffer is full
 *   (emitEarlyWhenFull, the default of maxRecords/maxBytes) — or the application stops
 *   (shutDownWhenFull).
 */
import { StreamsError } from '../errors.js';

export type BufferFullStrategy = 'EMIT' | 'SHUT_DOWN';

export class BufferConfig {
  private constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
    readonly bufferFullStrategy: BufferFullStrategy,
    readonly loggingEnabled: boolean,
    readonly logConfig: Record<string, string>,
  ) {}

  /** No bound (a strict config: it never emits early; the application runs out of memory instead). */
  static unbounded(): BufferConfig {
    return new BufferConfig(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 'SHUT_DOWN', true, {});
  }

  static maxRecords(n: number): BufferConfig {
    return new BufferConfig(n, Number.POSITIVE_INFINITY, 'EMIT', true, {});
  }

  static maxBytes(n: number): BufferConfig {
    return new BufferConfig(Number.POSITIVE_INFINITY, n, 'EMIT', true, {});
  }

  withMaxRecords(n: number): BufferConfig {
    return this.copy({ maxRecords: n });
  }
  withMaxBytes(n: number): BufferConfig {
    return this.copy({ maxBytes: n });
  }
  withNoBound(): BufferConfig {
    return this.copy({
      maxRecords: Number.POSITIVE_INFINITY,
      maxBytes: Number.POSITIVE_INFINITY,
      bufferFullStrategy: 'SHUT_DOWN',
    });
  }
  emitEarlyWhenFull(): BufferConfig {
    return this.copy({ bufferFullStrategy: 'EMIT' });
  }
  shutDownWhenFull(): BufferConfig {
    return this.copy({ bufferFullStrategy: 'SHUT_DOWN' });
  }
  withLoggingDisabled(): BufferConfig {
    return this.copy({ loggingEnabled: false });
  }
  withLoggingEnabled(config: Record<string, string> = {}): BufferConfig {
    return this.copy({ loggingEnabled: true, logConfig: config });
  }

  private copy(
    c: Partial<Pick<BufferConfig, 'maxRecords' | 'maxBytes' | 'bufferFullStrategy' | 'loggingEnabled' | 'logConfig'>>,
  ) {
    return new BufferConfig(
      c.maxRecords ?? this.maxRecords,
      c.maxBytes ?? this.maxBytes,
      c.bufferFullStrategy ?? this.bufferFullStrategy,
      c.loggingEnabled ?? this.loggingEnabled,
      c.logConfig ?? this.logConfig,
    );
  }
}

export class Suppressed {
  private constructor(
    readonly kind: 'untilWindowCloses' | 'untilTimeLimit',
    readonly timeLimitMs: number,
    readonly bufferConfig: BufferConfig,
    readonly name: string | null,
  ) {}

  static untilWindowCloses(bufferConfig: BufferConfig): Suppressed {
    if (bufferConfig.bufferFullStrategy !== 'SHUT_DOWN') {
      throw new StreamsError(
        'ILLEGAL_ARGUMENT',
        'untilWindowCloses needs a strict buffer config (BufferConfig.unbounded() or ...shutDownWhenFull()): emitting early would not be final',
      );
    }
    return new Suppressed('untilWindowCloses', 0, bufferConfig, null);
  }

  static untilTimeLimit(timeToWaitForMoreEventsMs: number, bufferConfig: BufferConfig): Suppressed {
    if (!(timeToWaitForMoreEventsMs >= 0))
      throw new StreamsError('ILLEGAL_ARGUMENT', 'timeToWaitForMoreEvents must not be negative');
    return new Suppressed('untilTimeLimit', timeToWaitForMoreEventsMs, bufferConfig, null);
  }

  /** Names the suppress processor (and its store `<name>-store`). */
  withName(name: string): Suppressed {
    return new Suppressed(this.kind, this.timeLimitMs, this.bufferConfig, name);
  }
}
