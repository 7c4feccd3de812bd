/**
 * Which clients a request uses. Routes are written against one ConsoleContext; with logins on,
 * that context is a facade whose clients are the logged-in session's, found through an
 * AsyncLocalStorage entered by the login hook for the rest of the request (SSE loops included).
 * Without a session in scope the facade answers with the console's own clients.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConsoleContext } from '../console-context.js';

const current = new AsyncLocalStorage<ConsoleContext>();

/** Runs `fn` (and everything it starts) with `ctx` as the request's clients. */
export function runAs(ctx: ConsoleContext, fn: () => void): void {
  current.run(ctx, fn);
}

export function requestScopedContext(base: ConsoleContext): ConsoleContext {
  const pick = () => current.getStore() ?? base;
  return {
    get admin() {
      return pick().admin;
    },
    get producer() {
      return pick().producer;
    },
    newReader: () => pick().newReader(),
    readOnly: base.readOnly,
    logger: base.logger,
    streams: base.streams,
  };
}
