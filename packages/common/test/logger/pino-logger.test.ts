/**
 * createLogger: pino's JSON lines with the process's name and pid, children that add their
 * bindings, the level from the option or SAMSA_LOG_LEVEL, and fields pino must not choke on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, LogLevelError } from '../../src/index.js';
import { collect, withLogLevelEnv } from './support.js';

describe('createLogger', () => {
  it('writes one JSON object per line with name, pid, level, fields and message', () => {
    const out = collect();
    createLogger({ level: 'info', name: 'broker-test', destination: out }).info({ topic: 'orders' }, 'topic created');
    createLogger({ level: 'info', destination: out }).warn('no fields');
    const [first, second] = out.json();
    assert.equal(first?.name, 'broker-test');
    assert.equal(first?.pid, process.pid);
    assert.equal(first?.level, 30);
    assert.equal(first?.topic, 'orders');
    assert.equal(first?.msg, 'topic created');
    assert.equal(second?.name, 'samsa');
    assert.equal(second?.level, 40);
    assert.equal(second?.msg, 'no fields');
  });

  it('children carry their bindings and their parents', () => {
    const out = collect();
    const root = createLogger({ level: 'info', destination: out });
    const broker = root.child({ broker: 1 });
    broker.child({ subsystem: 'replicas' }).info({ partition: 'orders-0' }, 'became leader');
    broker.info('broker started');
    const [leader, started] = out.json();
    assert.deepEqual(
      { broker: leader?.broker, subsystem: leader?.subsystem, partition: leader?.partition, msg: leader?.msg },
      { broker: 1, subsystem: 'replicas', partition: 'orders-0', msg: 'became leader' },
    );
    assert.equal(started?.broker, 1);
    assert.equal(started?.subsystem, undefined, 'a child does not change its parent');
  });

  it('drops lines below its level, in children too', () => {
    const out = collect();
    const log = createLogger({ level: 'warn', destination: out });
    const child = log.child({ subsystem: 'network' });
    log.debug('d');
    log.info('i');
    child.info('child info');
    log.warn('w');
    child.error('child error');
    assert.deepEqual(
      out.json().map((l) => l.msg),
      ['w', 'child error'],
    );
  });

  it('takes its level from SAMSA_LOG_LEVEL unless the option names one', () => {
    const out = collect();
    withLogLevelEnv('error', () => {
      createLogger({ destination: out }).warn('dropped: env says error');
      createLogger({ destination: out }).error('kept');
      createLogger({ level: 'debug', destination: out }).debug('kept: the option wins');
    });
    withLogLevelEnv(undefined, () => {
      createLogger({ destination: out }).debug('dropped: default info');
      createLogger({ destination: out }).info('kept: default info');
    });
    assert.deepEqual(
      out.json().map((l) => l.msg),
      ['kept', 'kept: the option wins', 'kept: default info'],
    );
  });

  it('refuses an unknown level with an error naming where it came from', () => {
    withLogLevelEnv('verbose', () => {
      assert.throws(
        () => createLogger({ destination: collect() }),
        (err: unknown) => {
          assert.ok(err instanceof LogLevelError);
          assert.equal(err.code, 'INVALID_LOG_LEVEL');
          assert.match(err.message, /SAMSA_LOG_LEVEL=verbose is not a log level/);
          return true;
        },
      );
    });
    assert.throws(() => createLogger({ level: 'loud', destination: collect() }), /level=loud is not a log level/);
  });

  it('writes bigint fields as their exact digits instead of throwing', () => {
    const out = collect();
    const log = createLogger({ level: 'info', destination: out });
    log.child({ producerId: 9_223_372_036_854_775_807n }).info({ offset: 42n, nested: { epoch: -1n } }, 'appended');
    const [line] = out.lines;
    assert.ok(line);
    assert.match(line, /"producerId":9223372036854775807/, 'not rounded to a double');
    assert.match(line, /"offset":42/);
    assert.match(line, /"nested":\{"epoch":-1\}/);
    assert.match(line, /"msg":"appended"/);
  });

  it('serializes an Error under err with its message and stack', () => {
    const out = collect();
    createLogger({ level: 'info', destination: out }).error({ err: new Error('disk full') }, 'flush failed');
    const err = out.json()[0]?.err as { message?: string; stack?: string } | undefined;
    assert.equal(err?.message, 'disk full');
    assert.match(err?.stack ?? '', /Error: disk full/);
  });
});
