/**
 * The CLI over SASL/OAUTHBEARER with Kafka's client keys in --command-config: the unsecured login
 * (OAuthBearerLoginModule with unsecuredLoginStringClaim_sub) against Kafka's unsecured
 * validator, and the OIDC client-credentials login (sasl.login.callback.handler.class,
 * sasl.oauthbearer.token.endpoint.url, clientId / clientSecret / scope) against the JWKS
 * validator, with an in-process test IdP. Bad credentials and bad settings fail clearly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { TestIdp } from '@samsa/test-kit';
import { samsa } from './support/cli.js';

const MODULE = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule';
const OIDC_HANDLER = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler';

describe('CLI over SASL/OAUTHBEARER', () => {
  let idp: TestIdp;
  let broker: Broker;
  let dir: string;
  const props = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  const boot = (listener: string) => ['--bootstrap-server', `127.0.0.1:${broker.listenerPort(listener)}`];
  const oidcProps = (secret: string) =>
    props(`oidc-${secret}.properties`, [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=OAUTHBEARER',
      `sasl.login.callback.handler.class=${OIDC_HANDLER}`,
      `sasl.oauthbearer.token.endpoint.url=${idp.tokenUrl}`,
      `sasl.jaas.config=${MODULE} required clientId="cli-app" clientSecret="${secret}" scope="kafka";`,
    ]);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-cli-oauth-'));
    idp = await TestIdp.start({ audience: 'kafka', clients: { 'cli-app': { secret: 'cli-secret', subject: 'ops' } } });
    broker = await startBroker({
      logDirs: join(dir, 'logs'),
      config: {
        listeners: 'DEV://127.0.0.1:0,OIDC://127.0.0.1:0',
        'listener.security.protocol.map': 'DEV:SASL_PLAINTEXT,OIDC:SASL_PLAINTEXT',
        'inter.broker.listener.name': 'DEV',
        'sasl.mechanism.inter.broker.protocol': 'OAUTHBEARER',
        'sasl.enabled.mechanisms': 'OAUTHBEARER',
        'listener.name.oidc.oauthbearer.sasl.server.callback.handler.class':
          'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
        'listener.name.oidc.oauthbearer.sasl.oauthbearer.jwks.endpoint.url': idp.jwksUrl,
        'sasl.oauthbearer.expected.audience': 'kafka',
        'connection.failed.authentication.delay.ms': 10,
      },
    });
  });
  after(async () => {
    await broker?.stop();
    await idp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces with the unsecured login and consumes with the OIDC client-credentials login', async () => {
    const dev = props('dev.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=OAUTHBEARER',
      `sasl.jaas.config=${MODULE} required unsecuredLoginStringClaim_sub="ops";`,
    ]);
    let r = await samsa(['console-producer', ...boot('DEV'), '--topic', 'oauth-cli', '--producer.config', dev], {
      input: 'a\nb\n',
    });
    assert.equal(r.status, 0, r.stderr);
    const issued = idp.issued;
    r = await samsa([
      'console-consumer',
      ...boot('OIDC'),
      '--topic',
      'oauth-cli',
      '--from-beginning',
      '--max-messages',
      '2',
      '--consumer.config',
      oidcProps('cli-secret'),
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'a\nb\n');
    assert.ok(idp.issued > issued, 'the token came from the token endpoint');
    r = await samsa(['topics', ...boot('OIDC'), '--list', '--command-config', oidcProps('cli-secret')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /oauth-cli/);
  });

  it('fails clearly with a wrong client secret, an unsecured token on the JWKS listener, or missing settings', async () => {
    let r = await samsa(['topics', ...boot('OIDC'), '--list', '--command-config', oidcProps('wrong')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /token endpoint .* answered 401/);
    const unsecured = props('unsecured.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=OAUTHBEARER',
      `sasl.jaas.config=${MODULE} required unsecuredLoginStringClaim_sub="ops";`,
    ]);
    r = await samsa(['topics', ...boot('OIDC'), '--list', '--command-config', unsecured]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /signature algorithm is not accepted/);
    const noSub = props('nosub.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=OAUTHBEARER',
      `sasl.jaas.config=${MODULE} required;`,
    ]);
    r = await samsa(['topics', ...boot('DEV'), '--list', '--command-config', noSub]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unsecuredLoginStringClaim_sub/);
    const noUrl = props('nourl.properties', [
      'security.protocol=SASL_PLAINTEXT',
      'sasl.mechanism=OAUTHBEARER',
      `sasl.login.callback.handler.class=${OIDC_HANDLER}`,
      `sasl.jaas.config=${MODULE} required clientId="a" clientSecret="b";`,
    ]);
    r = await samsa(['topics', ...boot('DEV'), '--list', '--command-config', noUrl]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /needs sasl.oauthbearer.token.endpoint.url/);
  });
});
