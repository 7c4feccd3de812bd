/**
 * The SASL server mechanisms and the JAAS parser as pure code: the RFC 7677 SCRAM-SHA-256 test
 * vector end to end, SCRAM-SHA-512 against a client computed here, every way a SCRAM exchange can be
 * broken, PLAIN's checks, and Kafka's JAAS syntax (quoting, escapes, flags, errors).
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseJaasConfig, singleLoginModule } from '@samsa/common';
import { PlainServer, plainUsers } from '../src/security/sasl/plain-server.js';
import { SaslAuthenticationError } from '../src/security/sasl/sasl-server.js';
import {
  formatScramCredential,
  newScramCredential,
  parseScramCredential,
  type ScramCredential,
} from '../src/security/sasl/scram-credential.js';
import { ScramServer } from '../src/security/sasl/scram-server.js';

const RFC7677 = {
  salt: Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'),
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

function rfcServer(credential?: ScramCredential): ScramServer {
  const c =
    credential ??
    newScramCredential({ mechanism: 'SCRAM-SHA-256', password: 'pencil', iterations: 4096, salt: RFC7677.salt });
  return new ScramServer({
    mechanism: 'SCRAM-SHA-256',
    credentials: (user) => (user === 'user' ? c : undefined),
    serverNonce: RFC7677.serverNonce,
  });
}

function failsWith(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SaslAuthenticationError, String(err));
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('SCRAM server', () => {
  it('follows the RFC 7677 SCRAM-SHA-256 test vector', () => {
    const s = rfcServer();
    assert.equal(s.evaluate(Buffer.from(RFC7677.clientFirst)).toString(), RFC7677.serverFirst);
    assert.equal(s.complete, false);
    assert.equal(s.evaluate(Buffer.from(RFC7677.clientFinal)).toString(), RFC7677.serverFinal);
    assert.equal(s.complete, true);
    assert.equal(s.authorizationId, 'user');
  });

  it('stores only derived keys, in Kafka’s text form, and parses it back', () => {
    const c = newScramCredential({
      mechanism: 'SCRAM-SHA-256',
      password: 'pencil',
      iterations: 4096,
      salt: RFC7677.salt,
    });
    const text = formatScramCredential(c);
    assert.match(text, /^salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/=]+,server_key=[A-Za-z0-9+/=]+,iterations=4096$/);
    assert.ok(!text.includes('pencil'));
    const back = parseScramCredential(text);
    assert.ok(back);
    assert.deepEqual(back.storedKey, c.storedKey);
    assert.deepEqual(back.serverKey, c.serverKey);
    assert.equal(parseScramCredential('salt=abc,iterations=1'), undefined);
  });

  it('authenticates a SCRAM-SHA-512 client computed independently', () => {
    const password = 'alice-secret';
    const salt = Buffer.from('0123456789abcdef');
    const iterations = 4096;
    const c = newScramCredential({ mechanism: 'SCRAM-SHA-512', password, iterations, salt });
    const s = new ScramServer({ mechanism: 'SCRAM-SHA-512', credentials: () => c });
    const clientFirstBare = 'n=alice,r=clientnonce';
    const serverFirst = s.evaluate(Buffer.from(`n,,${clientFirstBare}`)).toString();
    const nonce = /r=([^,]+)/.exec(serverFirst)?.[1] as string;
    assert.ok(nonce.startsWith('clientnonce') && nonce.length > 'clientnonce'.length);
    const salted = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
    const clientKey = createHmac('sha512', salted).update('Client Key').digest();
    const stored = createHash('sha512').update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const sig = createHmac('sha512', stored).update(authMessage).digest();
    const proof = Buffer.from(clientKey.map((b, i) => b ^ (sig[i] as number)));
    const final = s.evaluate(Buffer.from(`${withoutProof},p=${proof.toString('base64')}`)).toString();
    const serverKey = createHmac('sha512', salted).update('Server Key').digest();
    assert.equal(final, `v=${createHmac('sha512', serverKey).update(authMessage).digest('base64')}`);
    assert.equal(s.authorizationId, 'alice');
  });

  it('refuses a wrong proof with Kafka’s message', () => {
    const s = rfcServer(
      newScramCredential({ mechanism: 'SCRAM-SHA-256', password: 'other', iterations: 4096, salt: RFC7677.salt }),
    );
    s.evaluate(Buffer.from(RFC7677.clientFirst));
    failsWith(
      () => s.evaluate(Buffer.from(RFC7677.clientFinal)),
      'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    );
    assert.equal(s.complete, false);
    assert.equal(s.authorizationId, undefined);
  });

  it('refuses a nonce that is not the server’s', () => {
    const s = rfcServer();
    s.evaluate(Buffer.from(RFC7677.clientFirst));
    failsWith(
      () => s.evaluate(Buffer.from(RFC7677.clientFinal.replace('hNlF$k0', 'hNlF$k1'))),
      'Invalid client nonce in the final client message.',
    );
  });

  it('answers an unknown user exactly as a wrong password', () => {
    failsWith(
      () => rfcServer().evaluate(Buffer.from('n,,n=mallory,r=abc')),
      'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    );
  });

  it('refuses malformed messages, channel binding, another authzid, and messages after completion', () => {
    failsWith(() => rfcServer().evaluate(Buffer.from('garbage')), 'Invalid SCRAM client first message format');
    failsWith(() => rfcServer().evaluate(Buffer.from('n,,r=abc')), 'Invalid SCRAM client first message format');
    failsWith(() => rfcServer().evaluate(Buffer.from('p=tls-unique,,n=user,r=abc')), /channel binding/);
    failsWith(() => rfcServer().evaluate(Buffer.from('n,a=admin,n=user,r=abc')), /authorization id/);
    const s = rfcServer();
    s.evaluate(Buffer.from(RFC7677.clientFirst));
    failsWith(() => s.evaluate(Buffer.from('c=biws,p=xyz')), 'Invalid SCRAM client final message format');
    const done = rfcServer();
    done.evaluate(Buffer.from(RFC7677.clientFirst));
    done.evaluate(Buffer.from(RFC7677.clientFinal));
    failsWith(() => done.evaluate(Buffer.from(RFC7677.clientFinal)), /unexpected SCRAM message/);
  });

  it('decodes =2C and =3D in user names', () => {
    let asked = '';
    const s = new ScramServer({
      mechanism: 'SCRAM-SHA-256',
      credentials: (user) => {
        asked = user;
        return undefined;
      },
    });
    assert.throws(() => s.evaluate(Buffer.from('n,,n=a=2Cb=3Dc,r=x')));
    assert.equal(asked, 'a,b=c');
  });
});

describe('PLAIN server', () => {
  const users = new Map([['alice', 'alice-secret']]);
  const token = (...parts: string[]) => Buffer.from(parts.join('\u0000'));

  it('accepts a JAAS user and its password', () => {
    const s = new PlainServer(users);
    assert.equal(s.evaluate(token('', 'alice', 'alice-secret')).length, 0);
    assert.equal(s.complete, true);
    assert.equal(s.authorizationId, 'alice');
  });

  it('refuses wrong passwords and unknown users with one message', () => {
    failsWith(
      () => new PlainServer(users).evaluate(token('', 'alice', 'nope')),
      'Authentication failed: Invalid username or password',
    );
    failsWith(
      () => new PlainServer(users).evaluate(token('', 'bob', 'alice-secret')),
      'Authentication failed: Invalid username or password',
    );
  });

  it('refuses malformed tokens and a different authorization id', () => {
    failsWith(
      () => new PlainServer(users).evaluate(Buffer.from('alice')),
      'Invalid SASL/PLAIN response: expected 3 tokens, got 1',
    );
    failsWith(
      () => new PlainServer(users).evaluate(token('', '', 'x')),
      'Authentication failed: username not specified',
    );
    failsWith(
      () => new PlainServer(users).evaluate(token('', 'alice', '')),
      'Authentication failed: password not specified',
    );
    failsWith(() => new PlainServer(users).evaluate(token('admin', 'alice', 'alice-secret')), /authorization id/);
    assert.equal(new PlainServer(users).evaluate(token('alice', 'alice', 'alice-secret')).length, 0);
  });
});

describe('JAAS config', () => {
  it('parses Kafka’s PlainLoginModule line into options and users', () => {
    const m = singleLoginModule(
      'sasl.jaas.config',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";',
    );
    assert.equal(m.className, 'org.apache.kafka.common.security.plain.PlainLoginModule');
    assert.equal(m.flag, 'REQUIRED');
    assert.equal(m.options.get('username'), 'admin');
    assert.deepEqual(
      [...plainUsers(m.options)],
      [
        ['admin', 'admin-secret'],
        ['alice', 'alice-secret'],
      ],
    );
  });

  it('reads escapes, bare words, spacing and several modules', () => {
    const mods = parseJaasConfig(' a.B  Optional\n k = "x \\"y\\" ; z=w" bare=word-1.2 ;\n c.D sufficient ; ');
    assert.equal(mods.length, 2);
    assert.equal(mods[0]?.flag, 'OPTIONAL');
    assert.equal(mods[0]?.options.get('k'), 'x "y" ; z=w');
    assert.equal(mods[0]?.options.get('bare'), 'word-1.2');
    assert.equal(mods[1]?.options.size, 0);
  });

  it('explains what is wrong', () => {
    assert.throws(() => parseJaasConfig('a.B required k="open;'), /unterminated quoted string/);
    assert.throws(() => parseJaasConfig('a.B mandatory;'), /expected a control flag/);
    assert.throws(() => parseJaasConfig('a.B required k="v"'), /not terminated by ';'/);
    assert.throws(() => parseJaasConfig('a.B required k v;'), /expected '=' after option k/);
    assert.throws(() => parseJaasConfig('a.B required k=;'), /expected a value for option k/);
    assert.throws(() => singleLoginModule('sasl.jaas.config', 'a.B required; c.D required;'), /2 login modules/);
    assert.throws(() => singleLoginModule('sasl.jaas.config', ''), /0 login modules/);
  });
});
