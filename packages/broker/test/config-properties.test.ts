import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@samsa/common';
import { parseProperties } from '../src/config/index.js';

const pairs = (text: string) => parseProperties(text).map((e) => [e.key, e.value]);

describe('parseProperties (java.util.Properties rules)', () => {
  it('accepts =, : and whitespace as separators, with whitespace around them', () => {
    assert.deepEqual(pairs('a=1\nb: 2\nc 3\nd = 4\ne:=5\nf  =  six  \n'), [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
      ['e', '=5'], // only one separator is consumed
      ['f', 'six  '], // trailing whitespace is part of the value
    ]);
  });

  it('skips # and ! comments, blank lines and leading whitespace', () => {
    const text = '# comment\n! also a comment\n\n   \n   key=value\n\t\fother=x\n  # indented comment\n';
    assert.deepEqual(pairs(text), [
      ['key', 'value'],
      ['other', 'x'],
    ]);
  });

  it('keeps # inside a value and treats a key alone as an empty value', () => {
    assert.deepEqual(pairs('url=http://h:1/#frag\nempty\nempty2=\n'), [
      ['url', 'http://h:1/#frag'],
      ['empty', ''],
      ['empty2', ''],
    ]);
  });

  it('joins backslash-continued lines, dropping the next line leading whitespace', () => {
    const text = 'listeners=PLAINTEXT://:9092,\\\n          SSL://:9093\nnext=1\n';
    assert.deepEqual(pairs(text), [
      ['listeners', 'PLAINTEXT://:9092,SSL://:9093'],
      ['next', '1'],
    ]);
  });

  it('does not continue on an even number of trailing backslashes', () => {
    assert.deepEqual(pairs('path=C:\\\\\nnext=1'), [
      ['path', 'C:\\'],
      ['next', '1'],
    ]);
  });

  it('continues a line into a following "#..." line (it is not a comment then)', () => {
    assert.deepEqual(pairs('a=1\\\n#2\n'), [['a', '1#2']]);
  });

  it('never continues a comment line', () => {
    assert.deepEqual(pairs('# comment \\\nkey=value\n'), [['key', 'value']]);
  });

  it('drops a trailing continuation at end of input', () => {
    assert.deepEqual(pairs('a=1\\'), [['a', '1']]);
  });

  it('decodes \\t \\n \\r \\f \\uXXXX and escaped separators', () => {
    const text =
      'tab=a\\tb\nnl=a\\nb\ncr=\\r\nff=\\f\nuni=caf\\u00e9 \\u2603\nkey\\:with\\=seps\\ and\\ space=v\\\\\nplain=\\q\n';
    assert.deepEqual(pairs(text), [
      ['tab', 'a\tb'],
      ['nl', 'a\nb'],
      ['cr', '\r'],
      ['ff', '\f'],
      ['uni', 'café ☃'],
      ['key:with=seps and space', 'v\\'],
      ['plain', 'q'],
    ]);
  });

  it('reads UTF-8 text directly and skips a byte-order mark', () => {
    assert.deepEqual(pairs('\uFEFFname=Zoë\n'), [['name', 'Zoë']]);
  });

  it('handles CRLF and CR line endings', () => {
    assert.deepEqual(pairs('a=1\r\nb=2\rc=3'), [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
  });

  it('reports the line each entry starts on, duplicates included, in order', () => {
    const entries = parseProperties('# header\na=1\n\nb=2,\\\n  3\nc=4\na=5\n');
    assert.deepEqual(
      entries.map((e) => [e.key, e.line]),
      [
        ['a', 2],
        ['b', 4],
        ['c', 6],
        ['a', 7],
      ],
    );
  });

  it('rejects a malformed \\u escape with the source and line', () => {
    assert.throws(
      () => parseProperties('ok=1\nbad=\\u12x4\n', 'server.properties'),
      (e: unknown) =>
        e instanceof ConfigError && e.code === 'SYNTAX' && /server\.properties:2: Malformed \\uxxxx/.test(e.message),
    );
  });
});
