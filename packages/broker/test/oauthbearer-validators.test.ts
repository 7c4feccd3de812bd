/**
 * The OAUTHBEARER pieces without a broker: RFC 7628's client first message, Kafka's unsecured
 * validator with its JAAS options, KIP-768's JWKS validator against the in-process test IdP (http
 * and file: JWKS, RS256 and ES256) and every way a token is refused, and the SASL server's error
 * exchange (JSON challenge, ^A, then the failure with its reason).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TestIdp, unsecuredToken } from '@samsa/test-kit';
import { loadBrokerConfig } from '../src/config/index.js';
import { parseClientInitialResponse } from '../src/security/sasl/oauthbearer/client-initial-response.js';
import { JwksValidator, type JwksValidatorOptions } from '../src/security/sasl/oauthbearer/jwks-validator.js';
import { oauthBearerValidator } from '../src/security/sasl/oauthbearer/oauthbearer-listener.js';
import { OAuthBearerServer } from '../src/security/sasl/oauthbearer/oauthbearer-server.js';
import { TokenValidationError } from '../src/security/sasl/oauthbearer/token-validator.js';
import { UnsecuredValidator, unsecuredValidatorOptions } from '../src/security/sasl/oauthbearer/unsecured-validator.js';
import { SaslAuthenticationError } from '../src/security/sasl/sasl-server.js';
import { sessionLifetimeMs } from '../src/security/sasl/sasl-session.js';

const now = Math.floor(Date.now() / 1000);
const first = (token: string, authzid = '') =>
  Buffer.from(`n,${authzid ? `a=${authzid}` : ''},\u0001auth=Bearer ${token}\u0001\u0001`);

async function refused(p: Promise<unknown>, re: RegExp, status = 'invalid_token'): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TokenValidationError, String(e));
    assert.match(e.message, re);
    assert.equal(e.status, status);
    return true;
  });
}

describe('OAUTHBEARER client first message (RFC 7628)', () => {
  it('reads the token, the authorization id and extensions', () => {
    const m = parseClientInitialResponse(
      Buffer.from('n,a=alice,\u0001auth=Bearer abc.def.\u0001traceId=42\u0001\u0001'),
    );
    assert.equal(m.token, 'abc.def.');
    assert.equal(m.authorizationId, 'alice');
    assert.equal(m.extensions.get('traceId'), '42');
  });
  it('refuses malformed messages', () => {
    for (const bad of [
      '',
      'garbage',
      'n,,auth=Bearer x\u0001\u0001',
      'n,,\u0001auth=Basic x\u0001\u0001',
      'n,,\u0001x=1\u0001\u0001',
      'p=tls,,\u0001auth=Bearer x\u0001\u0001',
    ]) {
      assert.throws(() => parseClientInitialResponse(Buffer.from(bad)), SaslAuthenticationError, JSON.stringify(bad));
    }
  });
});

describe("Kafka's unsecured validator", () => {
  const v = (opts: Record<string, string> = {}) =>
    new UnsecuredValidator(unsecuredValidatorOptions(new Map(Object.entries(opts))));
  it('accepts an alg-none token, principal from sub, lifetime from exp', async () => {
    const t = await v().validate(unsecuredToken({ sub: 'alice', iat: now, exp: now + 60, scope: 'a b' }), Date.now());
    assert.deepEqual(t, { principal: 'alice', scope: ['a', 'b'], expiresAtMs: (now + 60) * 1000 });
  });
  it('honours the principal and scope claim names, the required scope and the clock skew', async () => {
    const o = {
      unsecuredValidatorPrincipalClaimName: 'user',
      unsecuredValidatorScopeClaimName: 'perms',
      unsecuredValidatorRequiredScope: 'kafka',
    };
    assert.equal(
      (await v(o).validate(unsecuredToken({ user: 'bob', exp: now + 60, perms: ['kafka'] }), Date.now())).principal,
      'bob',
    );
    await refused(
      v(o).validate(unsecuredToken({ user: 'bob', exp: now + 60, perms: ['other'] }), Date.now()),
      /lacks the required kafka/,
      'insufficient_scope',
    );
    await refused(
      v(o).validate(unsecuredToken({ sub: 'bob', exp: now + 60, perms: ['kafka'] }), Date.now()),
      /no user claim/,
    );
    const expired = unsecuredToken({ sub: 'a', exp: now - 5 });
    await refused(v().validate(expired, Date.now()), /expired/);
    assert.equal(
      (await v({ unsecuredValidatorAllowableClockSkewMs: '60000' }).validate(expired, Date.now())).principal,
      'a',
    );
  });
  it('refuses signed tokens, missing exp, iat in the future and exp before iat', async () => {
    await refused(v().validate(`${unsecuredToken({ sub: 'a', exp: now + 60 })}sig`, Date.now()), /empty signature/);
    await refused(
      v().validate(`${Buffer.from('{"alg":"RS256"}').toString('base64url')}.e30.`, Date.now()),
      /alg "none"/,
    );
    await refused(v().validate(unsecuredToken({ sub: 'a' }), Date.now()), /no exp claim/);
    await refused(
      v().validate(unsecuredToken({ sub: 'a', iat: now + 600, exp: now + 900 }), Date.now()),
      /issued in the future/,
    );
    const skewed = v({ unsecuredValidatorAllowableClockSkewMs: '60000' });
    await refused(
      skewed.validate(unsecuredToken({ sub: 'a', iat: now + 30, exp: now + 20 }), Date.now()),
      /before it was issued/,
    );
    await refused(v().validate('not-a-jwt', Date.now()), /not a JWS/);
  });
});

describe("KIP-768's JWKS validator", () => {
  let idp: TestIdp;
  let dir: string;
  before(async () => {
    idp = await TestIdp.start({ issuer: 'https://idp.test', audience: 'kafka' });
    dir = mkdtempSync(join(tmpdir(), 'samsa-jwks-'));
  });
  after(async () => {
    await idp.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const validator = (o: Partial<JwksValidatorOptions> = {}) =>
    new JwksValidator({
      jwksUrl: idp.jwksUrl,
      refreshMs: 3_600_000,
      expectedAudience: ['kafka'],
      expectedIssuer: 'https://idp.test',
      subClaimName: 'sub',
      scopeClaimName: 'scope',
      clockSkewSeconds: 30,
      ...o,
    });
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: 'https://idp.test',
    aud: 'kafka',
    sub: 'alice',
    iat: now,
    exp: now + 300,
    ...extra,
  });

  it('accepts RS256 and ES256 tokens from an http JWKS and from a file: JWKS', async () => {
    const v = validator();
    assert.equal((await v.validate(idp.sign(claims()), Date.now())).principal, 'alice');
    assert.equal((await v.validate(idp.sign(claims({ sub: 'bob' }), { alg: 'ES256' }), Date.now())).principal, 'bob');
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify(idp.jwks()));
    const f = validator({ jwksUrl: pathToFileURL(file).href });
    assert.equal((await f.validate(idp.sign(claims({ scope: 'x y' })), Date.now())).scope.join(), 'x,y');
  });
  it('uses the configured principal claim', async () => {
    const v = validator({ subClaimName: 'client_id' });
    assert.equal((await v.validate(idp.sign(claims({ client_id: 'svc' })), Date.now())).principal, 'svc');
    await refused(v.validate(idp.sign(claims()), Date.now()), /no client_id claim/);
  });
  it('refuses expired, not-yet-valid, wrongly signed, wrong issuer or audience, unknown kid and unsigned tokens', async () => {
    const v = validator();
    await refused(v.validate(idp.sign(claims({ iat: now - 600, exp: now - 120 })), Date.now()), /expired at/);
    await refused(v.validate(idp.sign(claims({ nbf: now + 600 })), Date.now()), /not valid before/);
    await refused(v.validate(idp.sign(claims(), { foreignKey: true }), Date.now()), /signature does not verify/);
    await refused(
      v.validate(idp.sign(claims({ iss: 'https://evil.test' })), Date.now()),
      /issuer "https:\/\/evil.test" is not the expected/,
    );
    await refused(
      v.validate(idp.sign(claims({ aud: 'other' })), Date.now()),
      /audience "other" is none of the expected/,
    );
    await refused(
      v.validate(idp.sign(claims(), { kid: 'rotated-away' }), Date.now()),
      /no key in the JWKS .* matches the token's kid "rotated-away"/,
    );
    await refused(v.validate(unsecuredToken(claims()), Date.now()), /signature algorithm is not accepted/);
    await refused(
      v.validate(idp.sign({ iss: 'https://idp.test', aud: 'kafka', sub: 'a', exp: now + 60 }), Date.now()),
      /no iat claim/,
    );
    await refused(v.validate(idp.sign(claims({ iat: now + 600, exp: now + 900 })), Date.now()), /issued in the future/);
    // Within the 30 s clock skew an expired token still passes, as in Kafka.
    assert.equal((await v.validate(idp.sign(claims({ iat: now - 600, exp: now - 5 })), Date.now())).principal, 'alice');
  });
  it('refuses a JWKS URL that is neither http(s) nor file', () => {
    assert.throws(() => validator({ jwksUrl: 'ftp://x/jwks' }), /https:, http: or file:/);
  });
});

describe('OAUTHBEARER SASL server', () => {
  const validator = new UnsecuredValidator(unsecuredValidatorOptions(new Map()));
  it('completes on a valid token with its exp as the credential end', async () => {
    const s = new OAuthBearerServer({ validator });
    assert.equal((await s.evaluate(first(unsecuredToken({ sub: 'alice', exp: now + 60 })))).length, 0);
    assert.equal(s.complete, true);
    assert.equal(s.authorizationId, 'alice');
    assert.equal(s.credentialExpiresAtMs, (now + 60) * 1000);
  });
  it('answers an invalid token with the JSON challenge, then fails with the reason once the client sends ^A', async () => {
    const s = new OAuthBearerServer({ validator });
    const challenge = await s.evaluate(first(unsecuredToken({ sub: 'alice', exp: now - 60 })));
    assert.deepEqual(JSON.parse(challenge.toString()), { status: 'invalid_token' });
    assert.equal(s.complete, false);
    await assert.rejects(
      s.evaluate(Buffer.from([1])),
      /^SaslAuthenticationError: Authentication failed: the token expired at/,
    );
  });
  it('refuses an authorization id other than the principal', async () => {
    const s = new OAuthBearerServer({ validator });
    await assert.rejects(
      s.evaluate(first(unsecuredToken({ sub: 'alice', exp: now + 60 }), 'admin')),
      /different from the token's principal/,
    );
  });
  it("bounds the session by the token's exp and by connections.max.reauth.ms, as Kafka", () => {
    assert.equal(sessionLifetimeMs(0, 10_000, 4_000), 6_000);
    assert.equal(sessionLifetimeMs(1_000, 10_000, 4_000), 1_000);
    assert.equal(sessionLifetimeMs(60_000, 10_000, 4_000), 6_000);
    assert.equal(sessionLifetimeMs(0, undefined, 4_000), 0);
    assert.equal(sessionLifetimeMs(0, 3_000, 4_000), 1, 'an already expired credential still ends the session');
  });
});

describe('OAUTHBEARER validator selection from the broker config', () => {
  const load = (...overrides: string[]) =>
    loadBrokerConfig({
      overrides: [
        'listeners=SASL_PLAINTEXT://127.0.0.1:0',
        'security.inter.broker.protocol=SASL_PLAINTEXT',
        ...overrides,
      ],
    }).config;
  const SECURED = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler';
  it("picks the unsecured validator by default and KIP-768's for Kafka's validator class names", () => {
    assert.ok(oauthBearerValidator(load(), 'SASL_PLAINTEXT') instanceof UnsecuredValidator);
    for (const handler of [
      SECURED,
      'org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerValidatorCallbackHandler',
    ]) {
      const config = load(
        `listener.name.sasl_plaintext.oauthbearer.sasl.server.callback.handler.class=${handler}`,
        'sasl.oauthbearer.jwks.endpoint.url=https://idp.test/jwks',
      );
      assert.ok(oauthBearerValidator(config, 'SASL_PLAINTEXT') instanceof JwksValidator);
    }
  });
  it('refuses a secured validator without a JWKS URL, an unusable URL, an unknown class and bad JAAS options', () => {
    assert.throws(
      () => oauthBearerValidator(load(`sasl.server.callback.handler.class=${SECURED}`), 'SASL_PLAINTEXT'),
      /needs sasl.oauthbearer.jwks.endpoint.url/,
    );
    assert.throws(
      () =>
        oauthBearerValidator(
          load(`sasl.server.callback.handler.class=${SECURED}`, 'sasl.oauthbearer.jwks.endpoint.url=ldap://x'),
          'SASL_PLAINTEXT',
        ),
      /must be an https:, http: or file: URL/,
    );
    assert.throws(
      () => oauthBearerValidator(load('sasl.server.callback.handler.class=com.example.Mine'), 'SASL_PLAINTEXT'),
      /unknown OAUTHBEARER server callback handler/,
    );
    assert.throws(
      () =>
        oauthBearerValidator(
          load(
            'sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredValidatorAllowableClockSkewMs="soon";',
          ),
          'SASL_PLAINTEXT',
        ),
      /unsecuredValidatorAllowableClockSkewMs must be a non-negative integer/,
    );
  });
});
