/**
 * silentLogger writes nothing anywhere, at any depth of children; asLogger gives a child() to a
 * user's object that only has the level methods, and leaves a real Logger as it is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asLogger, createLogger, type LogFields, type LogMethods, silentLogger } from '../../src/index.js';
import { collect } from './support.js';

describe('silentLogger', () => {
  it('writes nothing to stdout or stderr, nor do its children, whatever the fields', () => {
    const written: unknown[] = [];
    const out = process.stdout.write;
    const err = process.stderr.write;
    const record = ((chunk: unknown) => {
      written.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    process.stdout.write = record;
    process.stderr.write = record;
    try {
      const child = silentLogger.child({ subsystem: 'x' }).child({ more: 1n });
      for (const log of [silentLogger, child]) {
        log.debug('d');
        log.info({ offset: 1n }, 'i');
        log.warn('w');
        log.error({ err: new Error('e') }, 'e');
      }
      silentLogger.flush?.();
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    assert.deepEqual(written, []);
  });

  it('is one constant: its children are itself and it cannot be changed', () => {
    assert.equal(silentLogger.child({ a: 1 }), silentLogger);
    assert.ok(Object.isFrozen(silentLogger));
  });
});

describe('asLogger', () => {
  function recorder(): LogMethods & { calls: unknown[][] } {
    const calls: unknown[][] = [];
    const at =
      (level: string) =>
      (fieldsOrMsg: LogFields | string, msg?: string): void => {
        calls.push(msg === undefined ? [level, fieldsOrMsg] : [level, fieldsOrMsg, msg]);
      };
    return { calls, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  }

  it('passes calls through unchanged at the top and merges bindings into children calls', () => {
    const user = recorder();
    const log = asLogger(user);
    log.warn('plain');
    log.info({ a: 1 }, 'with fields');
    const child = log.child({ clientId: 'c1' }).child({ subsystem: 'sender' });
    child.error('no fields');
    child.debug({ partition: 2, subsystem: 'override' }, 'fields');
    assert.deepEqual(user.calls, [
      ['warn', 'plain'],
      ['info', { a: 1 }, 'with fields'],
      ['error', { clientId: 'c1', subsystem: 'sender' }, 'no fields'],
      ['debug', { clientId: 'c1', subsystem: 'override', partition: 2 }, 'fields'],
    ]);
  });

  it('returns a logger that has child() as it is', () => {
    const pino = createLogger({ level: 'info', destination: collect() });
    assert.equal(asLogger(pino), pino);
    assert.equal(asLogger(silentLogger), silentLogger);
  });
});
