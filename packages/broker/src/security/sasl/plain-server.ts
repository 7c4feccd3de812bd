/**
 * SASL/PLAIN (RFC 4616) server, checking passwords as Kafka's PlainServerCallbackHandler does:
 * against the `user_<name>="<password>"` options of the listener's JAAS login module. The
 * comparison takes the same time whatever the password (timingSafeEqual of digests).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SaslAuthenticationError, type SaslServer } from './sasl-server.js';

export type PlainPasswords = ReadonlyMap<string, string>;

/** The users of a PLAIN JAAS login module: its `user_<name>` options. */
export function plainUsers(options: ReadonlyMap<string, string>): PlainPasswords {
  const users = new Map<string, string>();
  for (const [k, v] of options) if (k.startsWith('user_')) users.set(k.slice('user_'.length), v);
  return users;
}

function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

export class PlainServer implements SaslServer {
  readonly mechanism = 'PLAIN';
  private user: string | undefined;

  constructor(private readonly users: PlainPasswords) {}

  get complete(): boolean {
    return this.user !== undefined;
  }

  get authorizationId(): string | undefined {
    return this.user;
  }

  evaluate(token: Buffer): Buffer {
    if (this.complete) throw new SaslAuthenticationError('Authentication failed: PLAIN exchange already complete');
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3) {
      throw new SaslAuthenticationError(`Invalid SASL/PLAIN response: expected 3 tokens, got ${parts.length}`);
    }
    const [authzid, username, password] = parts as [string, string, string];
    if (username === '') throw new SaslAuthenticationError('Authentication failed: username not specified');
    if (password === '') throw new SaslAuthenticationError('Authentication failed: password not specified');
    const expected = this.users.get(username);
    // Compare against something even for unknown users, so timing does not reveal who exists.
    const ok = sameSecret(password, expected ?? '\u0000no-such-user') && expected !== undefined;
    if (!ok) throw new SaslAuthenticationError('Authentication failed: Invalid username or password');
    if (authzid !== '' && authzid !== username) {
      throw new SaslAuthenticationError(
        'Authentication failed: Client requested an authorization id that is different from username',
      );
    }
    this.user = username;
    return Buffer.alloc(0);
  }
}
