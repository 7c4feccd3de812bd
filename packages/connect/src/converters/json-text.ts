/**
 * JSON text as Jackson reads and writes it, for a byte-exact JsonConverter. JSON.parse would lose
 * what Kafka keeps: an integer beyond 2^53, and the difference between `1` (a long) and `1.0` (a
 * double) when inferring schemaless values. So numbers are parsed into JsonNumber, which keeps
 * their text. Writing is compact (no spaces), object keys in insertion order, strings escaped as
 * Jackson does (which is JSON.stringify's escaping), doubles as Java's Double.toString ("1.0").
 */
import { javaDoubleToString } from '@samsa/common';
import { DataError } from '../api/errors.js';

export class JsonNumber {
  constructor(readonly text: string) {}
  get isIntegral(): boolean {
    return !/[.eE]/.test(this.text);
  }
  toNumber(): number {
    return Number(this.text);
  }
  /** An integral value: a number when it is a safe integer, else a bigint. */
  toInteger(): number | bigint {
    if (!this.isIntegral) return Math.trunc(Number(this.text));
    const n = Number(this.text);
    return Number.isSafeInteger(n) ? n : BigInt(this.text);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export function isJsonObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}

export function parseJson(text: string): JsonValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new DataError(
      `Converting byte[] to Kafka Connect data failed due to serialization error: ${what} at position ${i}`,
    );
  };
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: JsonValue } = Object.create(null);
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a field name');
        const k = str();
        ws();
        if (text[i++] !== ':') fail("expected ':'");
        obj[k] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return obj;
        } else fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return arr;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m) {
      i += m[0].length;
      return new JsonNumber(m[0]);
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail('unexpected character');
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const out = value();
  ws();
  if (i < text.length) fail('trailing characters');
  return out;
}

/** A double as Jackson writes it (Java's Double.toString). */
export function doubleText(d: number): JsonNumber {
  return new JsonNumber(javaDoubleToString(d));
}

/** A float as Jackson writes it (Java's Float.toString: the shortest digits that round-trip). */
export function floatText(f: number): JsonNumber {
  if (!Number.isFinite(f) || f === 0) return doubleText(f);
  for (let p = 1; p <= 9; p++) {
    const shortest = Number(f.toPrecision(p));
    if (Math.fround(shortest) === Math.fround(f)) return doubleText(shortest);
  }
  return doubleText(f);
}

export function writeJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`;
  return `{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}:${writeJson(v[k] as JsonValue)}`)
    .join(',')}}`;
}
