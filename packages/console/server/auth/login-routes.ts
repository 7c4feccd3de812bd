/**
 * Logging in to a console whose cluster needs SASL credentials:
 * - POST /api/login { username, password } authenticates against the cluster as that user and
 *   answers { principal } with the session cookie (HttpOnly, SameSite=Strict, Path=/); a wrong
 *   password is 401 with Kafka's SASL_AUTHENTICATION_FAILED message;
 * - POST /api/logout ends the session (its clients close) and clears the cookie;
 * - every other /api route but GET /api/session answers 401 without a live session, and runs
 *   with the session's clients otherwise (request-context.ts), so the authorizer's denials come
 *   back as 403s naming Kafka's error (http-errors.ts).
 * Both writes pass the CSRF guard like any other (a foreign page cannot log a browser in).
 */
import { KafkaError } from '@samsa/client';
import { type HttpApp, HttpError } from '@samsa/common/http';
import { badRequest, toHttpError } from '../http-errors.js';
import { objectBody } from '../routes/query-params.js';
import type { LoginSessions } from './login-sessions.js';
import { runAs } from './request-context.js';

export const SESSION_COOKIE = 'samsa_console_session';
/** Routes served without a session: what the login page itself needs. */
const PUBLIC = new Set(['/api/session', '/api/login']);

export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const cookie = (value: string, maxAge?: number) =>
  `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${maxAge !== undefined ? `; Max-Age=${maxAge}` : ''}`;

export function loginRoutes(app: HttpApp, sessions: LoginSessions): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const path = req.url.split('?')[0] as string;
    if (!path.startsWith('/api/') || PUBLIC.has(path)) return done();
    const session = sessions.get(sessionIdOf(req.headers.cookie));
    if (path === '/api/logout') return done();
    if (!session) return done(new HttpError(401, 'Not logged in (or the session expired): log in first'));
    runAs(session.ctx, () => done());
  });

  app.post('/api/login', async (req, reply) => {
    const body = objectBody(req.body);
    const { username, password } = body;
    if (typeof username !== 'string' || username === '') throw badRequest('username is required');
    if (typeof password !== 'string' || password === '') throw badRequest('password is required');
    try {
      const { id, session } = await sessions.login(username, password);
      reply.header('set-cookie', cookie(id));
      reply.header('cache-control', 'no-store');
      return { principal: session.principal };
    } catch (err) {
      // 58: SASL_AUTHENTICATION_FAILED, Kafka's answer to a wrong user name or password.
      if (err instanceof KafkaError && err.code === 58) throw new HttpError(401, `${err.errorName}: ${err.message}`);
      throw toHttpError(err);
    }
  });

  app.post('/api/logout', async (req, reply) => {
    const id = sessionIdOf(req.headers.cookie);
    if (id !== undefined) await sessions.end(id);
    reply.header('set-cookie', cookie('', 0));
    reply.code(204);
  });
}

/** What GET /api/session adds about the login: whether one is needed, and who is logged in. */
export function loginState(sessions: LoginSessions | null, cookieHeader: string | undefined) {
  if (!sessions) return { loginRequired: false, principal: null };
  return { loginRequired: true, principal: sessions.get(sessionIdOf(cookieHeader))?.principal ?? null };
}
