/** Reading query-string and body values with a clear 400 for bad input. */
import { badRequest } from '../http-errors.js';

export type Query = Record<string, string | undefined>;

export function intParam(q: Query, name: string, dflt: number, min: number, max: number): number {
  const v = q[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be an integer in [${min}, ${max}]`);
  return n;
}

export function oneOf<T extends string>(q: Query, name: string, values: readonly T[], dflt: T): T {
  const v = q[name];
  if (v === undefined || v === '') return dflt;
  if (!(values as readonly string[]).includes(v)) throw badRequest(`${name} must be one of ${values.join(', ')}`);
  return v as T;
}

export function offsetParam(q: Query, name: string): bigint {
  const v = q[name];
  if (v === undefined || !/^\d+$/.test(v)) throw badRequest(`${name} must be a non-negative integer`);
  return BigInt(v);
}

export function timestampParam(q: Query, name: string): number {
  const v = q[name];
  const n = v === undefined ? Number.NaN : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n) || n < 0) throw badRequest(`${name} must be epoch milliseconds or an ISO 8601 date`);
  return n;
}

export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('expected a JSON object');
  return body as Record<string, unknown>;
}
