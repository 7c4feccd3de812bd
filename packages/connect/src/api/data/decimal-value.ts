/** The JS value of Kafka's Decimal logical type (Java's BigDecimal). */
import { DataError } from '../errors.js';

/** A BigDecimal: `unscaled × 10^-scale`. */
export class DecimalValue {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static parse(text: string): DecimalValue {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
    if (!m || (m[2] === '' && !m[3])) throw new DataError(`Not a decimal: ${text}`);
    const frac = m[3] ?? '';
    return new DecimalValue(BigInt(`${m[1]}${m[2] || '0'}${frac}`), frac.length);
  }

  toString(): string {
    const neg = this.unscaled < 0n;
    let digits = (neg ? -this.unscaled : this.unscaled).toString();
    if (this.scale <= 0) return (neg ? '-' : '') + digits + '0'.repeat(-this.scale);
    digits = digits.padStart(this.scale + 1, '0');
    return `${neg ? '-' : ''}${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
  }

  toNumber(): number {
    return Number(this.toString());
  }
}


/** The JS value each logical type expects, for validateValue. */
export const LOGICAL_VALIDATORS: ReadonlyMap<string, (v: unknown) => boolean> = new Map<string, (v: unknown) => boolean>([
  ['org.apache.kafka.connect.data.Decimal', (v: unknown) => v instanceof DecimalValue],
  ['org.apache.kafka.connect.data.Date', (v: unknown) => v instanceof Date],
  ['org.apache.kafka.connect.data.Time', (v: unknown) => v instanceof Date],
  ['org.apache.kafka.connect.data.Timestamp', (v: unknown) => v instanceof Date],
]);
