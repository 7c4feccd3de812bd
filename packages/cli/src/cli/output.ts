/**
 * The one output layer: plain lines and aligned tables as Kafka's tools print them, colour only
 * when stdout is a terminal (and NO_COLOR is unset), `--output json` for scripts, and a live
 * progress line that is drawn only on a terminal. Results go to stdout; messages about the run
 * (warnings, errors, progress) go to stderr, so a pipe receives only data.
 */
import type { Writable } from 'node:stream';

type Stream = Writable & { isTTY?: boolean; columns?: number };

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;
export type Style = keyof typeof CODES;

export class Output {
  readonly json: boolean;
  readonly color: boolean;
  readonly tty: boolean;
  private progressShown = false;

  constructor(
    format: string | undefined,
    private readonly out: Stream = process.stdout,
    private readonly err: Stream = process.stderr,
  ) {
    this.json = format === 'json';
    this.tty = out.isTTY === true;
    this.color = (this.tty && !process.env.NO_COLOR) || (!!process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0');
  }

  style(s: string, style: Style): string {
    if (!this.color) return s;
    const [on, off] = CODES[style];
    return `\x1b[${on}m${s}\x1b[${off}m`;
  }

  /** One line of data to stdout. */
  line(s = ''): void {
    this.clearProgress();
    this.out.write(`${s}\n`);
  }

  /** Raw bytes or text to stdout, no newline added. */
  write(s: string | Buffer): void {
    this.out.write(s);
  }

  /** A message about the run to stderr. */
  info(s: string): void {
    this.clearProgress();
    this.err.write(`${s}\n`);
  }

  warn(s: string): void {
    this.info(`${this.errStyle('WARN', 'yellow')}: ${s}`);
  }

  error(s: string): void {
    this.info(`${this.errStyle('Error', 'red')}: ${s}`);
  }

  private errStyle(s: string, style: Style): string {
    return this.err.isTTY && !process.env.NO_COLOR ? `\x1b[${CODES[style][0]}m${s}\x1b[${CODES[style][1]}m` : s;
  }

  /** A value as JSON on one line (bigints become numbers when exact, else strings). */
  printJson(value: unknown, pretty = true): void {
    this.line(JSON.stringify(value, jsonReplacer, pretty ? 2 : undefined));
  }

  /**
   * Columns padded to their widest cell, separated by two spaces, header first (bold on a
   * terminal). Cells are strings; null/undefined print as '-', as Kafka's tools do.
   */
  table(headers: string[], rows: Array<Array<string | number | bigint | null | undefined>>): void {
    const cells = rows.map((r) => r.map((c) => (c === null || c === undefined || c === '' ? '-' : String(c))));
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
    const fmt = (r: string[]) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    this.line(this.style(fmt(headers), 'bold'));
    for (const r of cells) this.line(fmt(r));
  }

  /** Replaces the progress line on stderr; a no-op unless stderr is a terminal. */
  progress(s: string): void {
    if (!this.err.isTTY) return;
    const width = (this.err.columns ?? 100) - 1;
    this.err.write(`\r\x1b[2K${s.slice(0, width)}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.err.write('\r\x1b[2K');
    this.progressShown = false;
  }
}

export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer') {
    return Buffer.from((value as { data: number[] }).data).toString('utf8');
  }
  return value;
}
