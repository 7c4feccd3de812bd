/**
 * SCRAM-SHA-256 / SCRAM-SHA-512 server (RFC 5802, RFC 7677), a state machine over three
 * messages: client-first → server-first, client-final → server-final. Credentials come from a
 * lookup (the stored salt, StoredKey, ServerKey and iteration count), never a password.
 *
 * Failures carry Kafka's messages: a broken protocol (bad syntax, a nonce that is not ours) says
 * what was wrong; bad credentials (unknown user or wrong proof) get the one message Kafka sends for
 * both, so a client cannot tell which users exist.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SaslAuthenticationError, type SaslServer } from './sasl-server.js';
import { hash, hmac, type ScramCredential, type ScramMechanism } from './scram-credential.js';

export type ScramCredentialLookup = (user: string, mechanism: ScramMechanism) => ScramCredential | undefined;

export interface ScramServerOptions {
  readonly mechanism: ScramMechanism;
  readonly credentials: ScramCredentialLookup;
  /** The server's part of the nonce; random when absent (tests pass the RFC's). */
  readonly serverNonce?: string;
}

type State = 'client-first' | 'client-final' | 'complete' | 'failed';

/** RFC 5802 saslname: '=2C' and '=3D' stand for ',' and '='; any other '=' is an error. */
export function decodeSaslName(s: string): string | undefined {
  if (/=(?!2C|3D)/.test(s)) return undefined;
  return s.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

/** Splits `k=v,k=v` into attributes, keeping order; undefined if a part is not `x=...`. */
function attributes(s: string): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  for (const part of s.split(',')) {
    if (part.length < 2 || part[1] !== '=') return undefined;
    out.push([part[0] as string, part.slice(2)]);
  }
  return out;
}

export class ScramServer implements SaslServer {
  private state: State = 'client-first';
  private user: string | undefined;
  private credential: ScramCredential | undefined;
  private gs2Header = '';
  private nonce = '';
  private clientFirstBare = '';
  private serverFirst = '';

  constructor(private readonly opts: ScramServerOptions) {}

  get mechanism(): string {
    return this.opts.mechanism;
  }

  get complete(): boolean {
    return this.state === 'complete';
  }

  get authorizationId(): string | undefined {
    return this.complete ? this.user : undefined;
  }

  evaluate(token: Buffer): Buffer {
    try {
      if (this.state === 'client-first') return this.onClientFirst(token.toString('utf8'));
      if (this.state === 'client-final') return this.onClientFinal(token.toString('utf8'));
      throw new SaslAuthenticationError(`Authentication failed: unexpected SCRAM message in state ${this.state}`);
    } catch (err) {
      this.state = 'failed';
      this.credential = undefined;
      throw err;
    }
  }

  private invalidCredentials(): SaslAuthenticationError {
    return new SaslAuthenticationError(
      `Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.opts.mechanism}`,
    );
  }

  private onClientFirst(msg: string): Buffer {
    // gs2-header: ("n" | "y" | "p=...") "," [ "a=" authzid ] ","
    const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/s.exec(msg);
    if (!m) throw new SaslAuthenticationError('Invalid SCRAM client first message format');
    if ((m[1] as string).startsWith('p=')) {
      throw new SaslAuthenticationError('Authentication failed: channel binding is not supported');
    }
    const bare = m[3] as string;
    const attrs = attributes(bare);
    const name = attrs?.[0]?.[0] === 'n' ? decodeSaslName(attrs[0][1]) : undefined;
    const nonce = attrs?.[1]?.[0] === 'r' ? attrs[1][1] : undefined;
    if (!attrs || name === undefined || name === '' || !nonce) {
      throw new SaslAuthenticationError('Invalid SCRAM client first message format');
    }
    const authzid = m[2] === undefined ? '' : decodeSaslName((m[2] as string).slice(2));
    if (authzid !== '' && authzid !== name) {
      throw new SaslAuthenticationError(
        'Authentication failed: Client requested an authorization id that is different from username',
      );
    }
    const credential = this.opts.credentials(name, this.opts.mechanism);
    if (!credential) throw this.invalidCredentials();
    this.user = name;
    this.credential = credential;
    this.gs2Header = `${m[1]},${m[2] ?? ''},`;
    this.clientFirstBare = bare;
    this.nonce = nonce + (this.opts.serverNonce ?? randomBytes(24).toString('base64url'));
    this.serverFirst = `r=${this.nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.state = 'client-final';
    return Buffer.from(this.serverFirst, 'utf8');
  }

  private onClientFinal(msg: string): Buffer {
    const attrs = attributes(msg);
    const last = attrs?.[attrs.length - 1];
    if (!attrs || attrs[0]?.[0] !== 'c' || attrs[1]?.[0] !== 'r' || last?.[0] !== 'p' || attrs.length < 3) {
      throw new SaslAuthenticationError('Invalid SCRAM client final message format');
    }
    if (attrs[0][1] !== Buffer.from(this.gs2Header, 'utf8').toString('base64')) {
      throw new SaslAuthenticationError('Authentication failed: channel binding data does not match the GS2 header');
    }
    // Kafka checks that the nonce ends with the server's (which starts with the client's): older
    // librdkafka sends the client nonce twice, and Kafka accepts it.
    if (!attrs[1][1].endsWith(this.nonce)) {
      throw new SaslAuthenticationError('Invalid client nonce in the final client message.');
    }
    const credential = this.credential as ScramCredential;
    const withoutProof = msg.slice(0, msg.lastIndexOf(',p='));
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const proof = Buffer.from(last[1], 'base64');
    const signature = hmac(this.opts.mechanism, credential.storedKey, authMessage);
    if (proof.length !== signature.length) throw this.invalidCredentials();
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = (proof[i] as number) ^ (signature[i] as number);
    if (!timingSafeEqual(hash(this.opts.mechanism, clientKey), credential.storedKey)) throw this.invalidCredentials();
    const serverSignature = hmac(this.opts.mechanism, credential.serverKey, authMessage);
    this.state = 'complete';
    this.credential = undefined;
    return Buffer.from(`v=${serverSignature.toString('base64')}`, 'utf8');
  }
}
