/**
 * Applies client quotas to one request, returning the throttle time after muting the connection
 * for it (KIP-219: the response goes out at once with throttle_time_ms; the broker reads nothing
 * more from the client until the time has passed). Kafka delays the response itself for clients
 * too old for KIP-219 (e.g. Produce < v6, Fetch < v8); Samsa mutes for every version, which bounds
 * the rate the same way.
 */
import type { RequestContext } from '../request-context.js';
import { principalToString } from '../security/kafka-principal.js';
import type { MutationQuota } from './controller-mutation-quota.js';
import { REQUEST_PERCENTAGE } from './quota-entity.js';

function throttle(ctx: RequestContext, key: string, amount: number, now: number): number {
  const ms = ctx.broker.quotas.recordAndGetThrottleTimeMs(
    key,
    principalToString(ctx.principal),
    ctx.header.clientId ?? '',
    amount,
    now,
  );
  if (ms > 0) ctx.connection.muteFor(ms);
  return ms;
}

/** producer_byte_rate / consumer_byte_rate: `bytes` of records produced or fetched. */
export function throttleForBytes(ctx: RequestContext, key: string, bytes: number, now: number): number {
  return throttle(ctx, key, bytes, now);
}

/**
 * request_percentage: `busyMs` the event loop spent on the request (decoding and the handler's
 * synchronous part; not time spent waiting in a purgatory). Recorded as percent-seconds, so the
 * rate is the percentage of one thread's time, as Kafka measures request handler time.
 */
export function throttleForRequestTime(ctx: RequestContext, busyMs: number, now: number): number {
  return throttle(ctx, REQUEST_PERCENTAGE, busyMs / 10, now);
}

/** Puts `ms` in a response's throttle_time_ms (keeping a larger value already there), if it has one. */
export function withThrottleTime<T>(response: T, ms: number): T {
  if (ms > 0 && typeof response === 'object' && response !== null && 'throttleTimeMs' in response) {
    const r = response as { throttleTimeMs: number };
    if (ms > r.throttleTimeMs) r.throttleTimeMs = ms;
  }
  return response;
}

/**
 * The request's controller mutation quota (KIP-599), strict from `strictSinceVersion` (the first
 * version whose clients know THROTTLING_QUOTA_EXCEEDED); null when none applies.
 */
export function mutationQuotaFor(ctx: RequestContext, strictSinceVersion: number): MutationQuota | null {
  return ctx.broker.quotas.mutationQuota(
    principalToString(ctx.principal),
    ctx.header.clientId ?? '',
    ctx.apiVersion >= strictSinceVersion,
    Date.now(),
  );
}

/** Puts the mutation quota's throttle time in the response and mutes the connection for it. */
export function withMutationThrottle<T>(ctx: RequestContext, quota: MutationQuota | null, response: T): T {
  const ms = quota?.throttleTimeMs(Date.now()) ?? 0;
  if (ms > 0) ctx.connection.muteFor(ms);
  return withThrottleTime(response, ms);
}
