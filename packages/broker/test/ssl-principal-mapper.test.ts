/**
 * ssl.principal.mapping.rules as Kafka's SslPrincipalMapperTest exercises them: rule syntax
 * (escapes, L/U, DEFAULT, several rules), first match wins, a name no rule matches is refused,
 * and invalid rules are config errors. Also the subject → RFC 2253 name conversion and the
 * IANA → OpenSSL cipher suite names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opensslCipherName, protocolRange } from '@samsa/client';
import {
  mapPrincipalName,
  NoMatchingRuleError,
  PrincipalMappingError,
  parsePrincipalMappingRules,
  subjectToDistinguishedName,
} from '../src/security/ssl-principal-mapper.js';

const map = (rules: string, dn: string) => mapPrincipalName(parsePrincipalMappingRules(rules), dn);

describe('ssl.principal.mapping.rules', () => {
  it('DEFAULT (and an empty value) keeps the whole distinguished name', () => {
    assert.equal(map('DEFAULT', 'CN=alice,OU=eng,O=acme'), 'CN=alice,OU=eng,O=acme');
    assert.equal(map('', 'CN=alice'), 'CN=alice');
  });

  it('a rule replaces a full match with its groups, L lower-cases and U upper-cases', () => {
    const rules =
      'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/,RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L,RULE:^cn=(.*?),ou=(.*?),dc=(.*?),dc=(.*?)$/$1@$2/U,DEFAULT';
    assert.equal(map(rules, 'CN=Duke,OU=ServiceUsers,O=Org,C=US'), 'Duke');
    assert.equal(map(rules, 'CN=Duke,OU=SME,O=mycp,L=Fulton,ST=MD,C=US'), 'duke@sme');
    assert.equal(map(rules, 'cn=duke,ou=JavaSoft,dc=example,dc=com'), 'DUKE@JAVASOFT');
    assert.equal(map(rules, 'CN=Duke,OU=Sales,O=Org'), 'CN=Duke,OU=Sales,O=Org', 'falls through to DEFAULT');
  });

  it('the first matching rule wins and a partial match is no match', () => {
    assert.equal(map('RULE:^CN=(.*)$/first-$1/,RULE:^CN=(.*)$/second-$1/', 'CN=x'), 'first-x');
    assert.throws(() => map('RULE:CN=a/b/', 'CN=abc'), NoMatchingRuleError);
  });

  it('escaped slashes belong to the pattern and the replacement; whitespace around rules is ignored', () => {
    assert.equal(map(' RULE:^CN=(.*)\\/(.*)$/$1\\/$2/ , DEFAULT ', 'CN=a/b'), 'a/b');
  });

  it('refuses a name no rule matches (an authentication failure)', () => {
    assert.throws(() => map('RULE:^CN=(.*),O=acme$/$1/', 'CN=alice,O=other'), /No rules apply to CN=alice,O=other/);
  });

  it('refuses malformed rules', () => {
    for (const bad of ['RULE:^CN=(.*)$/$1', 'RULE:^CN=(.*)$/$1/X', 'DEFAULTS', 'RULE:(/x/', 'garbage']) {
      assert.throws(() => parsePrincipalMappingRules(bad), PrincipalMappingError, bad);
    }
  });

  it("turns node's multi-line subject into an RFC 2253 name, most specific part first", () => {
    assert.equal(subjectToDistinguishedName('C=US\nO=samsa\nOU=eng\nCN=alice'), 'CN=alice,OU=eng,O=samsa,C=US');
  });
});

describe('TLS cipher suites and protocols', () => {
  it('spells IANA names as OpenSSL does and passes TLS 1.3 and OpenSSL names through', () => {
    assert.equal(opensslCipherName('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'), 'ECDHE-RSA-AES256-GCM-SHA384');
    assert.equal(opensslCipherName('TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'), 'ECDHE-ECDSA-CHACHA20-POLY1305');
    assert.equal(opensslCipherName('TLS_RSA_WITH_AES_128_GCM_SHA256'), 'AES128-GCM-SHA256');
    assert.equal(opensslCipherName('TLS_AES_128_GCM_SHA256'), 'TLS_AES_128_GCM_SHA256');
    assert.equal(opensslCipherName('ECDHE-RSA-AES128-GCM-SHA256'), 'ECDHE-RSA-AES128-GCM-SHA256');
  });

  it('turns ssl.enabled.protocols into the range node enforces', () => {
    assert.deepEqual(protocolRange(['TLSv1.2', 'TLSv1.3']), { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    assert.deepEqual(protocolRange(['TLSv1.3']), { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    assert.deepEqual(protocolRange([]), {});
    assert.throws(() => protocolRange(['SSLv3']), /unknown TLS protocol SSLv3/);
  });
});
