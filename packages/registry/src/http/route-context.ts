/**
 * What every route group is handed: the replayed state for reads, and `write`, which runs a change
 * on this registry when it leads and otherwise forwards the HTTP request to the leader unchanged
 * (Confluent's followers do the same), answering with the leader's status and body.
 */
import type { HttpReply, HttpRequest } from '@samsa/common/http';
import { RegistryErrors } from '../errors.js';
import type { CompatibilityLevel } from '../formats/index.js';
import type { LeaderElector } from '../leader/leader-elector.js';
import { identityUrl } from '../leader/sr-protocol.js';
import type { RegistryWriter } from '../service/registry-writer.js';
import type { SchemaStore } from '../store/schema-store.js';
import { SR_V1_JSON } from './content-types.js';

export interface RouteContext {
  store: SchemaStore;
  writer: RegistryWriter;
  elector: LeaderElector;
  defaultCompatibility: CompatibilityLevel;
  /** How long a write waits for an election under way, and a forwarded request for the leader. */
  timeoutMs: number;
}

export type Query = Record<string, string | undefined>;
export const flag = (q: unknown, name: string): boolean => (q as Query)?.[name] === 'true';

export async function write<T>(
  ctx: RouteContext,
  req: HttpRequest,
  reply: HttpReply,
  local: () => Promise<T>,
): Promise<T | undefined> {
  const leader = await ctx.elector.awaitLeader(ctx.timeoutMs);
  if (leader === null) throw RegistryErrors.unknownLeader();
  if (ctx.elector.isLeader) return local();
  let res: Response;
  try {
    res = await fetch(`${identityUrl(leader)}${req.url}`, {
      method: req.method,
      headers: { 'content-type': SR_V1_JSON, accept: SR_V1_JSON },
      body: req.body === undefined || req.method === 'GET' ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
  } catch (err) {
    throw RegistryErrors.forwardingFailed((err as Error).message);
  }
  reply.code(res.status).header('content-type', res.headers.get('content-type') ?? SR_V1_JSON);
  reply.send(await res.text());
  return undefined;
}
