/**
 * The client side of SCRAM-SHA-256 / SCRAM-SHA-512 (RFC 5802, RFC 7677): builds client-first,
 * answers server-first with the proof, and checks the server's signature in server-final, so a
 * server that does not know the credential cannot pass for the broker. Pure: no I/O.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { ClientError } from '../errors.js';

export type ScramHash = 'sha256' | 'sha512';

/** RFC 5802 saslname: ',' and '=' are written =2C and =3D. */
function saslName(s: string): string {
  return s.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

export class ScramClient {
  private readonly clientNonce: string;
  private readonly clientFirstBare: string;
  private expectedServerSignature: Buffer | undefined;

  constructor(
    private readonly hash: ScramHash,
    private readonly username: string,
    private readonly password: string,
    nonce = randomBytes(24).toString('base64url'),
  ) {
    this.clientNonce = nonce;
    this.clientFirstBare = `n=${saslName(username)},r=${nonce}`;
  }

  clientFirst(): Buffer {
    return Buffer.from(`n,,${this.clientFirstBare}`, 'utf8');
  }

  /** Answers server-first; throws if it is malformed or its nonce does not extend ours. */
  clientFinal(serverFirst: Buffer): Buffer {
    const text = serverFirst.toString('utf8');
    const attrs = new Map(text.split(',').map((p) => [p.slice(0, 1), p.slice(2)] as const));
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (!nonce || !salt || !Number.isInteger(iterations) || iterations <= 0) {
      throw new ClientError('SASL_AUTHENTICATION_FAILED', `invalid SCRAM server-first message: ${text}`);
    }
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length) {
      throw new ClientError('SASL_AUTHENTICATION_FAILED', 'SCRAM server nonce does not extend the client nonce');
    }
    const size = this.hash === 'sha256' ? 32 : 64;
    const salted = pbkdf2Sync(
      Buffer.from(this.password, 'utf8'),
      Buffer.from(salt, 'base64'),
      iterations,
      size,
      this.hash,
    );
    const clientKey = createHmac(this.hash, salted).update('Client Key').digest();
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${text},${withoutProof}`;
    const signature = createHmac(this.hash, storedKey).update(authMessage).digest();
    const proof = Buffer.alloc(size);
    for (let i = 0; i < size; i++) proof[i] = (clientKey[i] as number) ^ (signature[i] as number);
    const serverKey = createHmac(this.hash, salted).update('Server Key').digest();
    this.expectedServerSignature = createHmac(this.hash, serverKey).update(authMessage).digest();
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`, 'utf8');
  }

  /** Checks server-final's signature: the broker proves it holds this user's ServerKey. */
  verifyServerFinal(serverFinal: Buffer): void {
    const text = serverFinal.toString('utf8');
    if (text.startsWith('e='))
      throw new ClientError('SASL_AUTHENTICATION_FAILED', `SCRAM error from server: ${text.slice(2)}`);
    const v = text.startsWith('v=') ? Buffer.from(text.slice(2).split(',')[0] as string, 'base64') : undefined;
    const expected = this.expectedServerSignature;
    if (!v || !expected || v.length !== expected.length || !timingSafeEqual(v, expected)) {
      throw new ClientError(
        'SASL_AUTHENTICATION_FAILED',
        'SCRAM server signature does not match: the broker did not prove it knows the credential',
      );
    }
  }

  get user(): string {
    return this.username;
  }
}
