/**
 * Logged-in sessions of a console whose cluster needs SASL credentials (`login` in ConsoleOptions):
 * each session owns its own clients, authenticated as the user who logged in, so the cluster's
 * authorizer judges every request as that principal. The session id is 32 random bytes, travels
 * only in an HttpOnly SameSite=Strict cookie, and is never logged; passwords are handed to the
 * client's SASL exchange and kept nowhere else. A session unused for `idleMs` is closed by a
 * sweep (its clients too), as is every session when the console closes.
 */
import { randomBytes } from 'node:crypto';
import type { CommonConfig, Logger, PasswordSaslOptions } from '@samsa/client';
import { type ConsoleContext, closeConsoleContext, createConsoleContext } from '../console-context.js';
import type { SseStreams } from '../sse.js';

export type LoginMechanism = PasswordSaslOptions['mechanism'];

export interface LoginOptions {
  /** The SASL mechanism users log in with: 'plain', 'scram-sha-256' or 'scram-sha-512'. */
  mechanism: LoginMechanism;
  /** How long an unused session lives (default 30 minutes). */
  idleMs?: number;
}

export interface LoginSession {
  readonly principal: string;
  readonly ctx: ConsoleContext;
  lastUsed: number;
}

export class LoginSessions {
  private readonly sessions = new Map<string, LoginSession>();
  private readonly sweeper: NodeJS.Timeout;
  readonly idleMs: number;

  constructor(
    private readonly opts: {
      login: LoginOptions;
      client: CommonConfig;
      readOnly: boolean;
      logger: Logger;
      streams: SseStreams;
    },
  ) {
    this.idleMs = opts.login.idleMs ?? 30 * 60_000;
    this.sweeper = setInterval(() => void this.sweep(), Math.min(60_000, Math.max(1_000, this.idleMs / 4)));
    this.sweeper.unref();
  }

  /**
   * Authenticates `username` against the cluster (a DescribeCluster over a fresh connection) and
   * opens a session; throws the client's error (SASL_AUTHENTICATION_FAILED...) otherwise.
   */
  async login(username: string, password: string): Promise<{ id: string; session: LoginSession }> {
    const sasl: PasswordSaslOptions = { mechanism: this.opts.login.mechanism, username, password };
    const ctx = createConsoleContext(
      { ...this.opts.client, sasl },
      this.opts.readOnly,
      this.opts.logger,
      this.opts.streams,
    );
    try {
      await ctx.admin.describeCluster({ timeoutMs: 15_000 });
    } catch (err) {
      await closeConsoleContext(ctx);
      throw err;
    }
    const id = randomBytes(32).toString('base64url');
    const session: LoginSession = { principal: `User:${username}`, ctx, lastUsed: Date.now() };
    this.sessions.set(id, session);
    this.opts.logger.info({ principal: session.principal }, 'console login');
    return { id, session };
  }

  /** The live session of this id (and marks it used), or undefined if unknown or idle too long. */
  get(id: string | undefined): LoginSession | undefined {
    if (id === undefined) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = Date.now();
    if (now - s.lastUsed > this.idleMs) {
      void this.end(id);
      return undefined;
    }
    s.lastUsed = now;
    return s;
  }

  async end(id: string): Promise<void> {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    this.opts.logger.info({ principal: s.principal }, 'console session ended');
    await closeConsoleContext(s.ctx);
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (now - s.lastUsed > this.idleMs) await this.end(id);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.end(id)));
  }
}
