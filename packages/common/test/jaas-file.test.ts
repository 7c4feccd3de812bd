/**
 * JAAS login files (java.security.auth.login.config): sections by name, comments, quoted values
 * that contain the section delimiters, and clear errors for unclosed sections and bad entries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JaasSyntaxError, parseJaasFile } from '../src/index.js';

describe('parseJaasFile', () => {
  it('reads named sections with their login modules, skipping comments', () => {
    const sections = parseJaasFile(`
      /* brokers */ KafkaServer {
        org.apache.kafka.common.security.plain.PlainLoginModule required
          username="admin" password="a}b{c;" // a comment
          user_admin="x";
      };
      Client{org.apache.zookeeper.server.auth.DigestLoginModule required username=zk password="p\\"w";};
    `);
    assert.deepEqual([...sections.keys()], ['KafkaServer', 'Client']);
    assert.equal(sections.get('KafkaServer')?.[0]?.options.get('password'), 'a}b{c;');
    const client = sections.get('Client')?.[0];
    assert.equal(client?.className, 'org.apache.zookeeper.server.auth.DigestLoginModule');
    assert.equal(client?.flag, 'REQUIRED');
    assert.equal(client?.options.get('username'), 'zk');
    assert.equal(client?.options.get('password'), 'p"w');
  });

  it('names what is wrong', () => {
    assert.throws(() => parseJaasFile('Client { a.B required x="1"; '), /section Client is not closed/);
    assert.throws(() => parseJaasFile('Client { a.B required x="1"; }'), /section Client must end with '};'/);
    assert.throws(() => parseJaasFile('Client { a.B sometimes; };'), /in section Client: expected a control flag/);
    assert.throws(() => parseJaasFile('just words'), JaasSyntaxError);
  });
});
