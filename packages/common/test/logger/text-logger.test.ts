/**
 * The client's default: readable lines on stderr, warnings and errors only unless told otherwise,
 * children's bindings and each call's fields as key=value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTextLogger } from '../../src/index.js';
import { collect, withLogLevelEnv } from './support.js';

const T = Date.UTC(2026, 11, 7, 21, 0, 0, 5);

describe('createTextLogger', () => {
  it('writes time, level, name, message and then fields as key=value', () => {
    const out = collect();
    const log = createTextLogger({ name: 'samsa-client', destination: out, now: () => T });
    log.warn({ group: 'g1', generation: 3, error: 'Error: the coordinator moved' }, 'auto-commit failed');
    log.error('producer id initialization failed');
    assert.deepEqual(out.lines, [
      '2026-12-07T21:00:00.005Z WARN [samsa-client] auto-commit failed group=g1 generation=3 error="Error: the coordinator moved"',
      '2026-12-07T21:00:00.005Z ERROR [samsa-client] producer id initialization failed',
    ]);
  });

  it('quotes what would be ambiguous and prints objects, errors and bigints readably', () => {
    const out = collect();
    const log = createTextLogger({ destination: out, now: () => T });
    log.warn(
      {
        empty: '',
        eq: 'a=b',
        quote: 'say "hi"',
        offset: 9_223_372_036_854_775_807n,
        partitions: [0, 1n],
        err: new Error('boom'),
        missing: undefined,
        none: null,
        ok: true,
      },
      'm',
    );
    assert.equal(
      out.lines[0],
      '2026-12-07T21:00:00.005Z WARN [samsa] m empty="" eq="a=b" quote="say \\"hi\\"" offset=9223372036854775807 partitions=[0,"1"] err="boom" none=null ok=true',
    );
  });

  it('still writes the line when a field cannot be serialized', () => {
    const out = collect();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    createTextLogger({ destination: out, now: () => T }).error({ cyclic }, 'odd');
    assert.equal(out.lines[0], '2026-12-07T21:00:00.005Z ERROR [samsa] odd cyclic="[unserializable]"');
  });

  it('is quiet below warn by default and ignores SAMSA_LOG_LEVEL (a library does not read the environment)', () => {
    const out = collect();
    withLogLevelEnv('debug', () => {
      const log = createTextLogger({ destination: out, now: () => T });
      log.debug('d');
      log.info('i');
      log.warn('w');
      log.error('e');
    });
    assert.deepEqual(
      out.lines.map((l) => l.split(' ')[1]),
      ['WARN', 'ERROR'],
    );
  });

  it('follows an explicit level, and silent drops everything', () => {
    const out = collect();
    const debug = createTextLogger({ level: 'debug', destination: out, now: () => T });
    debug.debug('d');
    debug.info('i');
    const silent = createTextLogger({ level: 'silent', destination: out, now: () => T });
    silent.error('e');
    silent.child({ a: 1 }).error('e');
    assert.deepEqual(
      out.lines.map((l) => l.split(' ')[1]),
      ['DEBUG', 'INFO'],
    );
  });

  it('children add their bindings before the call fields; a call field overrides a binding', () => {
    const out = collect();
    const client = createTextLogger({ name: 'samsa-client', destination: out, now: () => T }).child({
      clientId: 'producer-1',
    });
    const sender = client.child({ subsystem: 'sender' });
    sender.warn({ partition: 3 }, 'sequence error');
    sender.warn({ subsystem: 'overridden' }, 'x');
    client.warn('plain');
    assert.deepEqual(out.lines, [
      '2026-12-07T21:00:00.005Z WARN [samsa-client] sequence error clientId=producer-1 subsystem=sender partition=3',
      '2026-12-07T21:00:00.005Z WARN [samsa-client] x clientId=producer-1 subsystem=overridden',
      '2026-12-07T21:00:00.005Z WARN [samsa-client] plain clientId=producer-1',
    ]);
  });

  it('writes to process.stderr by default', () => {
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stderr.write;
    try {
      createTextLogger({ name: 'samsa-client', now: () => T }).warn('to stderr');
    } finally {
      process.stderr.write = original;
    }
    assert.deepEqual(written, ['2026-12-07T21:00:00.005Z WARN [samsa-client] to stderr\n']);
  });
});
