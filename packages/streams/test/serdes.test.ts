/**
 * Serdes write Java's encodings (so a Java Kafka Streams application reads our topics), null passes
 * through as a tombstone, and bad bytes give a typed SERIALIZATION error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Serdes, StreamsError } from '../src/index.js';

describe('serdes', () => {
  it('Long, Integer and Double use Java big-endian encodings', () => {
    assert.equal(Serdes.Long().serialize('t', 1)?.toString('hex'), '0000000000000001');
    assert.equal(Serdes.Long().serialize('t', -2)?.toString('hex'), 'fffffffffffffffe');
    assert.equal(Serdes.Long().deserialize('t', Buffer.from('0000010000000000', 'hex')), 2 ** 40);
    assert.equal(Serdes.Integer().serialize('t', 258)?.toString('hex'), '00000102');
    assert.equal(Serdes.Double().serialize('t', 1.5)?.toString('hex'), '3ff8000000000000');
    assert.equal(Serdes.Double().deserialize('t', Buffer.from('3ff8000000000000', 'hex')), 1.5);
  });

  it('passes null through and refuses bytes of the wrong width or bad JSON', () => {
    assert.equal(Serdes.Long().serialize('t', null as unknown as number), null);
    assert.equal(Serdes.String().deserialize('t', null), null);
    assert.throws(
      () => Serdes.Long().deserialize('t', Buffer.alloc(4)),
      (e: unknown) => e instanceof StreamsError && e.code === 'SERIALIZATION',
    );
    assert.throws(
      () => Serdes.Json().deserialize('t', Buffer.from('{')),
      (e: unknown) => e instanceof StreamsError && e.code === 'SERIALIZATION',
    );
    assert.deepEqual(Serdes.Json<{ a: number[] }>().deserialize('t', Serdes.Json().serialize('t', { a: [1] })), {
      a: [1],
    });
    const upper = Serdes.from<string>(
      (s) => Buffer.from(s.toUpperCase()),
      (b) => (b ? b.toString() : ''),
    );
    assert.equal(upper.deserialize('t', upper.serialize('t', 'abc')), 'ABC');
  });
});
