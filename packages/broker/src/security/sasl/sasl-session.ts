/**
 * The SASL state of one connection on a SASL_PLAINTEXT / SASL_SSL listener (Kafka's
 * SaslServerAuthenticator, without the I/O). Owned by its Connection; the dispatcher and the
 * SaslHandshake / SaslAuthenticate handlers drive it, one request at a time in arrival order.
 *
 * Stages: 'handshake' (only ApiVersions and SaslHandshake accepted) → 'authenticate' (only
 * SaslAuthenticate, or after a v0 handshake raw size-prefixed tokens) → 'authenticated'. A
 * SaslHandshake v1 on an authenticated connection starts a re-authentication (KIP-368), during
 * which other requests keep flowing under the old session; the principal may not change.
 */
import { type KafkaPrincipal, principalToString, USER_TYPE } from '../kafka-principal.js';
import type { SaslServer } from './sasl-server.js';
import { SaslAuthenticationError } from './sasl-server.js';

export interface SaslListenerSettings {
  readonly listener: string;
  /** sasl.enabled.mechanisms of the listener, in configured order. */
  readonly enabledMechanisms: readonly string[];
  /** A fresh server for a mechanism this listener supports (enabled and implemented). */
  newServer(mechanism: string): SaslServer | undefined;
  /** connections.max.reauth.ms (per listener and mechanism); 0 means sessions never expire. */
  reauthMs(mechanism: string): number;
  /** connection.failed.authentication.delay.ms */
  readonly failedAuthDelayMs: number;
  /** sasl.server.max.receive.size: largest frame read before authentication completes. */
  readonly maxReceiveSize: number;
}

/**
 * A listener's authentication counts (Kafka's socket-server-metrics successful-authentication-total
 * and failed-authentication-total): plain numbers bumped once per exchange, read at scrape time.
 */
export interface AuthenticationCounts {
  succeeded: number;
  failed: number;
}

export type SaslStage = 'handshake' | 'authenticate' | 'authenticated';

export type AuthenticateOutcome =
  | { readonly ok: true; readonly response: Buffer; readonly complete: boolean; readonly sessionLifetimeMs: number }
  | { readonly ok: false; readonly message: string };

export class SaslSession {
  private stageValue: SaslStage = 'handshake';
  private server: SaslServer | undefined;
  /** True after a v0 handshake: tokens arrive as raw size-prefixed frames, not SaslAuthenticate. */
  private legacy = false;
  /** True while re-authenticating an already authenticated connection. */
  private reauthenticating = false;
  private principalValue: KafkaPrincipal | undefined;
  /** When the session ends (ms since the epoch); 0 for never. */
  private expiresAt = 0;

  constructor(
    readonly settings: SaslListenerSettings,
    /** The listener's counts, bumped when an exchange completes or fails. */
    private readonly counts?: AuthenticationCounts,
  ) {}

  get stage(): SaslStage {
    return this.stageValue;
  }

  /** Whether requests other than the SASL ones may be served. */
  get authenticated(): boolean {
    return this.principalValue !== undefined;
  }

  get principal(): KafkaPrincipal | undefined {
    return this.principalValue;
  }

  /** After a v0 handshake, the next frames are raw SASL tokens. */
  get expectsRawTokens(): boolean {
    return this.legacy && this.stageValue === 'authenticate';
  }

  expired(now: number): boolean {
    return this.expiresAt > 0 && now >= this.expiresAt && !this.reauthenticating;
  }

  /** Returns false if the mechanism is not enabled here (the caller answers UNSUPPORTED_SASL_MECHANISM and closes). */
  handshake(mechanism: string, version: number): boolean {
    if (this.stageValue === 'authenticated') {
      // KIP-368: re-authentication needs SaslAuthenticate v1+, announced by SaslHandshake v1.
      if (version < 1) throw new SaslStateError('Re-authentication requires SaslHandshake v1 or later');
      this.reauthenticating = true;
    } else if (this.stageValue !== 'handshake') {
      throw new SaslStateError('Unexpected SaslHandshake request during SASL authentication');
    }
    const server = this.settings.newServer(mechanism);
    if (!server) return false;
    this.server = server;
    this.legacy = version === 0;
    this.stageValue = 'authenticate';
    return true;
  }

  /**
   * Feeds one client token; on success with `complete`, the connection is authenticated as
   * `principal`. `now` is read after the mechanism answers (token validation may take a while).
   */
  async authenticate(token: Buffer, now: () => number = Date.now): Promise<AuthenticateOutcome> {
    const server = this.server;
    if (this.stageValue !== 'authenticate' || !server) {
      throw new SaslStateError('SaslAuthenticate request received before SaslHandshake');
    }
    let response: Buffer;
    try {
      response = await server.evaluate(token);
    } catch (err) {
      if (err instanceof SaslAuthenticationError) return this.failed(err.message);
      throw err;
    }
    if (!server.complete) return { ok: true, response, complete: false, sessionLifetimeMs: 0 };
    const principal: KafkaPrincipal = Object.freeze({ type: USER_TYPE, name: server.authorizationId as string });
    const before = this.principalValue;
    if (this.reauthenticating && before && principalToString(principal) !== principalToString(before)) {
      return this.failed(
        `Cannot change principals during re-authentication from ${principalToString(before)}: ${principalToString(principal)}`,
      );
    }
    const at = now();
    const lifetime = sessionLifetimeMs(this.settings.reauthMs(server.mechanism), server.credentialExpiresAtMs, at);
    this.principalValue = principal;
    this.expiresAt = lifetime > 0 ? at + lifetime : 0;
    this.stageValue = 'authenticated';
    this.reauthenticating = false;
    this.legacy = false;
    this.server = undefined;
    if (this.counts) this.counts.succeeded++;
    return { ok: true, response, complete: true, sessionLifetimeMs: lifetime };
  }

  private failed(message: string): AuthenticateOutcome {
    if (this.counts) this.counts.failed++;
    return { ok: false, message };
  }
}

/**
 * Kafka's session lifetime (SaslServerAuthenticator.ReauthInfo): connections.max.reauth.ms, or
 * the time left on the credential, whichever is shorter; 0 (never ends) when neither applies. A
 * credential already at its end still gets 1 ms, so that the session ends rather than lasting.
 */
export function sessionLifetimeMs(maxReauthMs: number, credentialExpiresAtMs: number | undefined, now: number): number {
  if (credentialExpiresAtMs === undefined) return Math.max(0, maxReauthMs);
  const left = Math.max(1, credentialExpiresAtMs - now);
  return maxReauthMs > 0 ? Math.min(left, maxReauthMs) : left;
}

/** A request out of place in the SASL exchange; the connection is closed, as Kafka does. */
export class SaslStateError extends Error {
  override readonly name = 'SaslStateError';
}
