/**
 * The part of Java's SimpleDateFormat that TimestampConverter and TimestampRouter configs use, in
 * UTC as Kafka's transforms use it: yyyy, yy, MM, dd, HH, hh, mm, ss, SSS, a, 'quoted text' and
 * literal punctuation; X/Z print the zone as Z/+0000.
 */
import { DataError } from '../api/errors.js';

const TOKEN = /'([^']*)'|y+|M+|d+|H+|h+|m+|s+|S+|a|X+|Z+/g;

export function formatDate(pattern: string, d: Date): string {
  return pattern.replace(TOKEN, (tok, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted === '' ? "'" : quoted;
    const n = tok.length;
    const pad = (v: number, w = n) => String(v).padStart(w, '0');
    switch (tok[0]) {
      case 'y':
        return n === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), n);
      case 'M':
        return pad(d.getUTCMonth() + 1);
      case 'd':
        return pad(d.getUTCDate());
      case 'H':
        return pad(d.getUTCHours());
      case 'h':
        return pad(d.getUTCHours() % 12 || 12);
      case 'm':
        return pad(d.getUTCMinutes());
      case 's':
        return pad(d.getUTCSeconds());
      case 'S':
        return pad(d.getUTCMilliseconds(), 3).slice(0, Math.max(n, 3));
      case 'a':
        return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'X':
        return 'Z';
      default:
        return '+0000';
    }
  });
}

/** Parses `text` by `pattern` (UTC). Throws DataError when it does not match. */
export function parseDate(pattern: string, text: string): Date {
  const fields: string[] = [];
  let regex = '';
  let last = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    regex += escapeRegex(pattern.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    if (m[1] !== undefined) {
      regex += escapeRegex(m[1] === '' ? "'" : m[1]);
      continue;
    }
    const c = m[0][0] as string;
    fields.push(c);
    regex +=
      c === 'a'
        ? '(AM|PM)'
        : c === 'X' || c === 'Z'
          ? '(Z|[+-]\\d{2}:?\\d{2})'
          : c === 'S'
            ? '(\\d{1,9})'
            : `(\\d{1,${Math.max(m[0].length, c === 'y' ? 4 : 2)}})`;
  }
  regex += escapeRegex(pattern.slice(last));
  const match = new RegExp(`^${regex}$`).exec(text.trim());
  if (!match) throw new DataError(`Could not parse timestamp: value (${text}) does not match pattern (${pattern})`);
  const v = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0, pm: false, offsetMin: 0 };
  fields.forEach((f, i) => {
    const s = match[i + 1] as string;
    if (f === 'a') v.pm = s === 'PM';
    else if (f === 'X' || f === 'Z') {
      if (s !== 'Z') v.offsetMin = (s[0] === '-' ? -1 : 1) * (Number(s.slice(1, 3)) * 60 + Number(s.slice(-2)));
    } else if (f === 'S') v.S = Number(s.padEnd(3, '0').slice(0, 3));
    else if (f === 'h') v.H = Number(s) % 12;
    else (v as Record<string, number | boolean>)[f] = Number(s);
  });
  if (v.pm) v.H += 12;
  return new Date(Date.UTC(v.y, v.M - 1, v.d, v.H, v.m, v.s, v.S) - v.offsetMin * 60_000);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
