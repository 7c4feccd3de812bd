/**
 * Apache Kafka's own kafka-acls tool (AclCommand, 3.9 and 4.1 jars) against a Samsa broker with
 * the ACL authorizer: it adds, lists (by resource and by principal), and removes ACLs through
 * CreateAcls / DescribeAcls / DeleteAcls and prints its usual lines; what it created is what
 * @samsa/client's Admin reads back. (The tool connects as User:ANONYMOUS, a super user here.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { Admin, silentLogger } from '@samsa/client';
import { expectSuccess, KAFKA_VERSIONS, kafkaJava, referencesMissing } from '@samsa/test-kit';

const skip = referencesMissing();
// AclCommand moved from core (Scala) to the tools module in 4.0.
const ACL_COMMAND = { '3.9.2': 'kafka.admin.AclCommand', '4.1.2': 'org.apache.kafka.tools.AclCommand' };

describe("Apache Kafka's kafka-acls against one broker", { skip, timeout: 600_000 }, () => {
  let broker: Broker;
  let dir: string;
  let bs: string[];
  let admin: Admin;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-acls-'));
    broker = await startBroker({
      logDirs: join(dir, 'logs'),
      config: { 'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer', 'super.users': 'User:ANONYMOUS' },
    });
    bs = ['--bootstrap-server', broker.bootstrapServers];
    admin = new Admin({ bootstrapServers: broker.bootstrapServers, logger: silentLogger });
  });
  after(async () => {
    await admin?.close();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const version of KAFKA_VERSIONS) {
    const topic = `acl-${version.replaceAll('.', '-')}`;
    const pattern = `ResourcePattern(resourceType=TOPIC, name=${topic}, patternType=LITERAL)`;
    const entry = '(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)';
    // 4.x dropped the spaces 3.x printed around the entry lines.
    const block = (heading: string) =>
      new RegExp(`^${heading.replace(/[()[\]`*.]/g, '\\$&')}: ?\\n ?\\t${entry.replace(/[()*]/g, '\\$&')} ?\\n\\n$`);
    const acls = (args: string[]) => kafkaJava(version, ACL_COMMAND[version], [...bs, ...args]);

    it(`${version}: kafka-acls --add, --list, --list --principal and --remove`, async () => {
      let r = expectSuccess(
        await acls(['--add', '--allow-principal', 'User:alice', '--operation', 'Read', '--topic', topic]),
        'kafka-acls --add',
      );
      assert.match(r.stdout, block(`Adding ACLs for resource \`${pattern}\``));
      assert.deepEqual(
        await admin.describeAcls({ patternFilter: { resourceType: 'TOPIC', name: topic }, entryFilter: {} }),
        [
          {
            pattern: { resourceType: 'TOPIC', name: topic, patternType: 'LITERAL' },
            entry: { principal: 'User:alice', host: '*', operation: 'READ', permissionType: 'ALLOW' },
          },
        ],
      );
      r = expectSuccess(await acls(['--list', '--topic', topic]), 'kafka-acls --list');
      assert.match(r.stdout, block(`Current ACLs for resource \`${pattern}\``));
      r = expectSuccess(await acls(['--list', '--principal', 'User:alice']), 'kafka-acls --list --principal');
      assert.match(r.stdout, /ACLs for principal `User:alice`/);
      assert.ok(r.stdout.includes(pattern), r.stdout);

      r = expectSuccess(
        await acls([
          '--add',
          '--deny-principal',
          'User:bob',
          '--operation',
          'Write',
          '--topic',
          `${topic}-`,
          '--resource-pattern-type',
          'prefixed',
        ]),
        'kafka-acls --add prefixed',
      );
      const prefixed = await admin.describeAcls({
        patternFilter: { resourceType: 'TOPIC', patternType: 'PREFIXED', name: `${topic}-` },
        entryFilter: {},
      });
      assert.deepEqual(
        prefixed.map((b) => b.entry),
        [{ principal: 'User:bob', host: '*', operation: 'WRITE', permissionType: 'DENY' }],
      );

      expectSuccess(
        await acls(['--remove', '--force', '--allow-principal', 'User:alice', '--operation', 'Read', '--topic', topic]),
        'kafka-acls --remove',
      );
      expectSuccess(
        await acls(['--remove', '--force', '--topic', `${topic}-`, '--resource-pattern-type', 'prefixed']),
        'kafka-acls --remove prefixed',
      );
      r = expectSuccess(await acls(['--list', '--topic', topic]), 'kafka-acls --list after remove');
      assert.equal(r.stdout.trim(), '');
      assert.deepEqual(await admin.describeAcls({ patternFilter: { name: `${topic}-` }, entryFilter: {} }), []);
    });
  }
});
