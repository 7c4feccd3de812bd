/**
 * The two checks in front of every write (any /api request that is not GET or HEAD):
 * - read-only mode (`--read-only`): refused with 403, whatever the request;
 * - CSRF: a write must carry the header `X-Samsa-Csrf` with this console's token, which the page
 *   reads from GET /api/session. Another site's page cannot read that answer (no CORS headers are
 *   ever sent) nor send a custom header cross-origin without a preflight we never grant, so only
 *   the console's own page can write. A present `Origin` must also name the console's own host.
 *   The token is random per process, travels in a header only (never in a URL), and is never logged.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type HttpApp, HttpError } from '@samsa/common/http';

export const CSRF_HEADER = 'x-samsa-csrf';

export function installWriteGuards(app: HttpApp, opts: { readOnly: boolean; token: string }): void {
  const expected = Buffer.from(opts.token);
  app.addHook('onRequest', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || !req.url.startsWith('/api/')) return;
    // Logging in and out changes nothing in the cluster: allowed in read-only mode too.
    const path = req.url.split('?')[0];
    if (opts.readOnly && path !== '/api/login' && path !== '/api/logout')
      throw new HttpError(403, 'The console is read-only (--read-only): writes are disabled');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null') {
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        host = '';
      }
      if (host !== req.headers.host) throw new HttpError(403, 'Cross-origin write refused');
    } else if (origin === 'null') throw new HttpError(403, 'Cross-origin write refused');
    const given = req.headers[CSRF_HEADER];
    const token = Buffer.from(typeof given === 'string' ? given : '');
    if (token.length !== expected.length || !timingSafeEqual(token, expected))
      throw new HttpError(403, `Missing or wrong ${CSRF_HEADER} header (read it from GET /api/session)`);
  });
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}
