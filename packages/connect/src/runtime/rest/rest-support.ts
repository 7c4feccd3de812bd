/**
 * What the Connect REST routes share: mapping the herder's refusals to Kafka Connect's statuses
 * (the shared HTTP server then answers `{"error_code":..,"message":..}`), and reading request
 * bodies as Kafka's Jackson would — a JSON object of strings, numbers and booleans taken as their
 * text, anything else a 400.
 */
import { isConfigError } from '@samsa/common';
import { HttpError } from '@samsa/common/http';
import { ConnectError } from '../../api/errors.js';
import { HerderError, STATUS_OF_KIND } from '../herder-error.js';

export function toHttpError(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  if (err instanceof HerderError) return new HttpError(STATUS_OF_KIND[err.kind], err.message);
  if (isConfigError(err)) return new HttpError(400, (err as Error).message);
  if (err instanceof ConnectError && err.code === 'NOT_FOUND') return new HttpError(400, err.message);
  if (err instanceof ConnectError) return new HttpError(500, err.message);
  return err;
}

/** Wraps a route handler so that herder and config errors reach the client with their status. */
export function handle<A extends unknown[], T>(fn: (...args: A) => Promise<T> | T): (...args: A) => Promise<T> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      throw toHttpError(err);
    }
  };
}

/** A connector configuration from a request body: an object whose values are scalars. */
export function configBody(body: unknown, what = 'Connector configuration'): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, `${what} must be a JSON object`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === null) continue;
    if (typeof v === 'object') {
      throw new HttpError(
        400,
        `Cannot deserialize value of type \`java.lang.String\` from ${Array.isArray(v) ? 'Array' : 'Object'} value for configuration '${k}'`,
      );
    }
    out[k] = String(v);
  }
  return out;
}

/** A boolean query parameter (`?includeTasks=true`); absent means `dflt`. */
export function boolParam(v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  const s = String(Array.isArray(v) ? v[0] : v).toLowerCase();
  return s === 'true';
}

/** Kafka's ConnectorsResource rejects names with a '/' and trims them. */
export function connectorName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new HttpError(400, 'Connector name must not be empty');
  const name = raw.trim();
  if (name.includes('/')) throw new HttpError(400, "connector name should not contain '/'");
  return name;
}
