/**
 * A test OAuth 2 / OIDC identity provider served in-process (node:http on 127.0.0.1, port 0):
 *   POST /token  client-credentials grant (HTTP Basic or form client_id/client_secret), answers
 *                {"access_token": <JWT>, "token_type": "Bearer", "expires_in": ...}
 *   GET  /jwks   the public keys, as a JWKS
 * Keys (RSA for RS256, P-256 for ES256) are generated when it starts; nothing is committed.
 * `sign` mints arbitrary tokens (expired, wrong issuer, unknown kid, ...) for negative tests.
 */
import { generateKeyPairSync, type KeyObject, sign as signBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestIdpAlg = 'RS256' | 'ES256';

export interface TestIdpClient {
  secret: string;
  /** The sub of the tokens issued to this client (defaults to the client id). */
  subject?: string;
}

export interface TestIdpOptions {
  issuer?: string;
  audience?: string;
  /** Lifetime of issued tokens, seconds. */
  tokenLifetimeSeconds?: number;
  clients?: Record<string, TestIdpClient>;
  /** Algorithm of issued tokens. */
  alg?: TestIdpAlg;
}

export interface SignOptions {
  alg?: TestIdpAlg;
  /** Overrides the key id in the header (an unknown kid). */
  kid?: string;
  /** Signs with a key the JWKS does not hold (but with a known kid). */
  foreignKey?: boolean;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');

export class TestIdp {
  readonly issuer: string;
  readonly audience: string;
  /** Tokens issued through /token, counted (to see re-authentication fetch new ones). */
  issued = 0;
  private readonly keys: Record<TestIdpAlg, { kid: string; key: KeyObject; jwk: Record<string, unknown> }>;
  private readonly foreign: Record<TestIdpAlg, KeyObject>;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: TestIdpOptions,
  ) {
    this.issuer = options.issuer ?? url;
    this.audience = options.audience ?? 'samsa';
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.keys = {
      RS256: {
        kid: 'rsa-1',
        key: rsa.privateKey,
        jwk: { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      },
      ES256: {
        kid: 'ec-1',
        key: ec.privateKey,
        jwk: { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      },
    };
    this.foreign = {
      RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    };
  }

  static async start(options: TestIdpOptions = {}): Promise<TestIdp> {
    let idp: TestIdp | undefined;
    const server = createServer((req, res) => idp?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    idp = new TestIdp(server, `http://127.0.0.1:${port}`, options);
    return idp;
  }

  get tokenUrl(): string {
    return `${this.url}/token`;
  }

  get jwksUrl(): string {
    return `${this.url}/jwks`;
  }

  /** The JWKS document (to write to a file: URL). */
  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.keys.RS256.jwk, this.keys.ES256.jwk] };
  }

  /** A signed JWT with these claims (iss, aud, iat and exp are not added: pass what the test needs). */
  sign(claims: Record<string, unknown>, o: SignOptions = {}): string {
    const alg = o.alg ?? this.options.alg ?? 'RS256';
    const k = this.keys[alg];
    const input = `${b64({ alg, typ: 'JWT', kid: o.kid ?? k.kid })}.${b64(claims)}`;
    const key = o.foreignKey ? this.foreign[alg] : k.key;
    const sig = signBytes('sha256', Buffer.from(input), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
    return `${input}.${sig.toString('base64url')}`;
  }

  /** A valid token for `sub`, as /token issues them. */
  token(sub: string, extra: Record<string, unknown> = {}, lifetimeSeconds?: number): string {
    const now = Math.floor(Date.now() / 1000);
    const life = lifetimeSeconds ?? this.options.tokenLifetimeSeconds ?? 3600;
    return this.sign({ iss: this.issuer, aud: this.audience, sub, iat: now, exp: now + life, ...extra });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/jwks') {
      json(200, this.jwks());
      return;
    }
    if (req.method !== 'POST' || req.url !== '/token') {
      json(404, { error: 'not_found' });
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      let id = form.get('client_id');
      let secret = form.get('client_secret');
      const auth = req.headers.authorization;
      if (auth?.startsWith('Basic ')) {
        const [u, p] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
        id = decodeURIComponent(u ?? '');
        secret = decodeURIComponent(p ?? '');
      }
      const client = id ? this.options.clients?.[id] : undefined;
      if (form.get('grant_type') !== 'client_credentials') json(400, { error: 'unsupported_grant_type' });
      else if (!client || client.secret !== secret) json(401, { error: 'invalid_client' });
      else this.issue(res, client.subject ?? (id as string), form.get('scope'));
    });
  }

  private issue(res: import('node:http').ServerResponse, sub: string, scope: string | null): void {
    const life = this.options.tokenLifetimeSeconds ?? 3600;
    this.issued++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: this.token(sub, scope ? { scope } : {}, life),
        token_type: 'Bearer',
        expires_in: life,
      }),
    );
  }
}

/** An unsecured JWS (alg none), as Kafka's unsecured login mints them. */
export function unsecuredToken(claims: Record<string, unknown>): string {
  return `${b64({ alg: 'none' })}.${b64(claims)}.`;
}
