/** Version ranges as written in the schemas: "N", "N-M", "N+" or "none". */
export interface Range {
  min: number;
  max: number; // Infinity for "N+"; min > max for "none"
}

export const NONE: Range = { min: 1, max: 0 };

export function parseRange(text: string | undefined): Range {
  if (text === undefined || text === 'none') return NONE;
  const plus = /^(\d+)\+$/.exec(text);
  if (plus) return { min: Number(plus[1]), max: Number.POSITIVE_INFINITY };
  const span = /^(\d+)-(\d+)$/.exec(text);
  if (span) return { min: Number(span[1]), max: Number(span[2]) };
  if (/^\d+$/.test(text)) return { min: Number(text), max: Number(text) };
  throw new Error(`bad version range ${JSON.stringify(text)}`);
}

export function isEmpty(r: Range): boolean {
  return r.min > r.max;
}

export function intersect(a: Range, b: Range): Range {
  return { min: Math.max(a.min, b.min), max: Math.min(a.max, b.max) };
}

export function contains(r: Range, v: number): boolean {
  return v >= r.min && v <= r.max;
}

/**
 * Subtracts b from a when the result is one range (Kafka's tagged ranges are always "N+", so the
 * untagged part of a field is always a prefix).
 */
export function subtract(a: Range, b: Range): Range {
  if (isEmpty(b) || b.max < a.min || b.min > a.max) return a;
  if (b.min <= a.min && b.max >= a.max) return NONE;
  if (b.min > a.min && b.max >= a.max) return { min: a.min, max: b.min - 1 };
  if (b.min <= a.min && b.max < a.max) return { min: b.max + 1, max: a.max };
  throw new Error('range subtraction would split the range');
}

/**
 * A TypeScript condition that is true for the versions in `r`, given that the code only runs for
 * versions in `within`. Returns 'true'/'false' when the answer does not depend on the version.
 */
export function condition(r: Range, within: Range): string {
  const eff = intersect(r, within);
  if (isEmpty(eff)) return 'false';
  const lower = eff.min > within.min;
  const upper = eff.max < within.max;
  if (!lower && !upper) return 'true';
  if (lower && upper)
    return eff.min === eff.max ? `version === ${eff.min}` : `version >= ${eff.min} && version <= ${eff.max}`;
  return lower ? `version >= ${eff.min}` : `version <= ${eff.max}`;
}
