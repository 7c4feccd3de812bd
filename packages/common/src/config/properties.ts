/**
 * A reader for Java .properties text, so a Kafka server.properties works unchanged. It follows
 * java.util.Properties.load: `#`/`!` comment lines, `key=value`, `key: value` and `key value`,
 * leading whitespace ignored, a line ending in an odd number of backslashes continues on the next
 * line (whose leading whitespace is dropped), and the escapes \t \n \r \f \uXXXX, with a backslash
 * before any other character standing for that character (`\:`, `\=`, `\ `, `\\`).
 *
 * Two deliberate differences: the text is UTF-8 (Java reads an InputStream as ISO-8859-1, so
 * Kafka needs \u escapes for non-Latin-1 characters), and a leading byte-order mark is skipped.
 *
 * Entries come back in file order with the line each started on, duplicates included, so the
 * caller can say where a bad value came from and warn when a later line overrides an earlier one.
 */
import { ConfigError } from './config-error.js';

export interface PropertyEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line on which the (possibly continued) entry starts. */
  readonly line: number;
}

const WHITESPACE = new Set([' ', '\t', '\f']);

/** `source` names the text in error messages (usually the file path). */
export function parseProperties(text: string, source = '<properties>'): PropertyEntry[] {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\r|\n/);
  const entries: PropertyEntry[] = [];
  for (let n = 0; n < lines.length; n++) {
    const first = skipLeadingWhitespace(lines[n] as string);
    if (first === '' || first.startsWith('#') || first.startsWith('!')) continue; // comments never continue
    const startLine = n + 1;
    let logical = first;
    while (endsWithContinuation(logical)) {
      logical = logical.slice(0, -1);
      if (++n >= lines.length) break; // a trailing backslash at end of input is dropped, as Java does
      logical += skipLeadingWhitespace(lines[n] as string);
    }
    const { rawKey, rawValue } = splitKeyValue(logical);
    const where = `${source}:${startLine}`;
    entries.push({ key: unescapeJava(rawKey, where), value: unescapeJava(rawValue, where), line: startLine });
  }
  return entries;
}

function skipLeadingWhitespace(s: string): string {
  let i = 0;
  while (i < s.length && WHITESPACE.has(s[i] as string)) i++;
  return s.slice(i);
}

/** An odd number of trailing backslashes: the last one escapes the line break. */
function endsWithContinuation(s: string): boolean {
  let count = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

/**
 * The key ends at the first unescaped '=', ':' or whitespace; then whitespace and at most one
 * '=' or ':' are skipped, and the rest (trailing whitespace included) is the value.
 */
function splitKeyValue(line: string): { rawKey: string; rawValue: string } {
  let keyEnd = 0;
  let valueStart = line.length;
  let hasSeparator = false;
  let escaped = false;
  for (; keyEnd < line.length; keyEnd++) {
    const c = line[keyEnd] as string;
    if (!escaped && (c === '=' || c === ':')) {
      valueStart = keyEnd + 1;
      hasSeparator = true;
      break;
    }
    if (!escaped && WHITESPACE.has(c)) {
      valueStart = keyEnd + 1;
      break;
    }
    escaped = c === '\\' ? !escaped : false;
  }
  while (valueStart < line.length) {
    const c = line[valueStart] as string;
    if (WHITESPACE.has(c)) valueStart++;
    else if (!hasSeparator && (c === '=' || c === ':')) {
      hasSeparator = true;
      valueStart++;
    } else break;
  }
  return { rawKey: line.slice(0, keyEnd), rawValue: line.slice(valueStart) };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescapeJava(s: string, where: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = s[++i];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new ConfigError('SYNTAX', null, `${where}: Malformed \\uxxxx encoding.`);
      }
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}
