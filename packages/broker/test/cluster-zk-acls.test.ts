/**
 * zookeeper.set.acl=true with a real ZooKeeper: three brokers authenticate with the digest
 * credentials of a JAAS `Client` section and create every znode with Kafka's default ACLs. The
 * cluster works (topics, SCRAM users, ACLs, quotas); a ZooKeeper client without credentials can
 * read topics and ACL znodes but can write no Samsa znode and cannot read SCRAM credentials; a
 * broker with the wrong password, or with set.acl but no credentials, exits 1 with a message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { run } from '@samsa/test-kit';
import type { PrincipalBuilder } from '../src/broker-services.js';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { digestId, isSensitivePath, ZkPerms } from '../src/zk/zk-acls.js';
import { ZkClient, ZkError } from '../src/zk/zk-client.js';
import { SAMSA_BIN } from './support/broker-process.js';
import { waitFor } from './support/wait.js';

const byClientId: PrincipalBuilder = ({ clientId }) => ({
  type: 'User',
  name: (clientId ?? 'ANONYMOUS').split('-')[0] ?? '',
});

const jaas = (password: string) => `// the broker's JAAS file, as Kafka's
KafkaServer {
  org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="x" user_admin="x";
};
Client {
  org.apache.zookeeper.server.auth.DigestLoginModule required
  username="samsa"
  password="${password}";
};
`;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    if (err instanceof ZkError) return err.code;
    throw err;
  }
}

describe('ZooKeeper ACLs (zookeeper.set.acl)', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;
  let root: string;
  let superZk: ZkClient;
  let anonZk: ZkClient;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'samsa-zk-acl-'));
    writeFileSync(join(root, 'good.jaas'), jaas('zk-secret'));
    writeFileSync(join(root, 'wrong.jaas'), jaas('not-the-secret'));
    cluster = await startTestCluster({
      brokers: 3,
      zooKeeper: { superUser: { user: 'super', password: 'su-secret' } },
      principalBuilder: byClientId,
      config: {
        'zookeeper.set.acl': 'true',
        'java.security.auth.login.config': join(root, 'good.jaas'),
        'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
        'super.users': 'User:broker;User:admin',
      },
    });
    const connect = `${cluster.zk.connectString}/samsa`;
    superZk = await ZkClient.connect({
      connect,
      sessionTimeoutMs: 6000,
      auth: { user: 'super', password: 'su-secret', source: 'test' },
    });
    anonZk = await ZkClient.connect({ connect, sessionTimeoutMs: 6000 });
    const admin = new Admin({ bootstrapServers: cluster.bootstrap, clientId: 'admin', logger: silentLogger });
    try {
      await admin.createTopics([{ name: 'secured', numPartitions: 2, replicationFactor: 3 }]);
      await admin.alterUserScramCredentials([
        {
          type: 'upsertion',
          user: 'alice',
          info: { mechanism: 'SCRAM-SHA-256', iterations: 4096 },
          password: 'alice-pw',
        },
      ]);
      await admin.alterClientQuotas([{ entity: { 'client-id': 'slow' }, quotas: { producer_byte_rate: 1024 } }]);
      await admin.createAcls([
        {
          pattern: { resourceType: 'TOPIC', name: 'secured', patternType: 'LITERAL' },
          entry: { principal: 'User:alice', host: '*', operation: 'READ', permissionType: 'ALLOW' },
        },
      ]);
    } finally {
      await admin.close();
    }
  });
  after(async () => {
    superZk?.close();
    anonZk?.close();
    await cluster?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the cluster works: every broker sees the topic, the SCRAM user and the ACL', async () => {
    await waitFor('every broker to see what was created', () =>
      [...cluster.brokers.values()].every(
        (b) => b.metadata.topic('secured') !== undefined && b.scram.get('alice', 'SCRAM-SHA-256') !== undefined,
      ),
    );
    // Each broker applies the ACL once its change watch fires.
    for (const b of cluster.brokers.values()) {
      const admin = new Admin({ bootstrapServers: b.bootstrapServers, clientId: 'admin', logger: silentLogger });
      try {
        await waitFor(`broker ${b.config.brokerId} to describe the ACL`, async () => {
          const acls = await admin.describeAcls({
            patternFilter: { resourceType: 'TOPIC', name: 'secured', patternType: 'LITERAL' },
            entryFilter: {},
          });
          return acls.length === 1 && acls[0]?.entry.principal === 'User:alice';
        });
      } finally {
        await admin.close();
      }
    }
  });

  it('deletes topics and restarts a broker under the ACLs', { timeout: 90_000 }, async () => {
    const admin = new Admin({ bootstrapServers: cluster.liveBootstrap, clientId: 'admin', logger: silentLogger });
    try {
      await admin.createTopics([{ name: 'doomed', numPartitions: 1, replicationFactor: 3 }]);
      await waitFor('doomed everywhere', () =>
        [...cluster.brokers.values()].every((b) => b.metadata.topic('doomed') !== undefined),
      );
      await admin.deleteTopics(['doomed']);
    } finally {
      await admin.close();
    }
    await waitFor('doomed gone from ZooKeeper', async () => !(await superZk.exists('/brokers/topics/doomed')), 30_000);
    await cluster.stopBroker(3);
    await waitFor('broker 3 deregistered', async () => !(await superZk.exists('/brokers/ids/3')), 30_000);
    const again = await cluster.startBroker(3);
    await waitFor('broker 3 back with what it missed', () => again.scram.get('alice', 'SCRAM-SHA-256') !== undefined);
    assert.ok(await superZk.exists('/brokers/ids/3'));
  });

  it('every Samsa znode: the brokers’ identity has ALL, the world READ at most, nothing on secrets', async () => {
    const owner = digestId('samsa', 'zk-secret');
    const paths: string[] = [];
    const walk = async (path: string): Promise<void> => {
      paths.push(path);
      for (const child of await superZk.children(path)) await walk(path === '/' ? `/${child}` : `${path}/${child}`);
    };
    await walk('/');
    for (const must of [
      '/config/users/alice',
      '/brokers/topics/secured',
      '/kafka-acl/Topic/secured',
      '/config/clients/slow',
    ])
      assert.ok(paths.includes(must), `${must} exists`);
    for (const path of paths) {
      const acls = await superZk.getAcl(path);
      const world = acls.find((a) => a.scheme === 'world');
      assert.ok(
        acls.some((a) => a.scheme === 'digest' && a.id === owner && a.perms === ZkPerms.ALL),
        `${path}: owner ALL`,
      );
      if (isSensitivePath(path)) assert.equal(world, undefined, `${path}: not world-readable`);
      else assert.equal(world?.perms, ZkPerms.READ, `${path}: world READ only`);
    }
    // The chroot itself, seen from outside it.
    const top = await ZkClient.connect({ connect: cluster.zk.connectString, sessionTimeoutMs: 6000 });
    try {
      assert.equal((await top.getAcl('/samsa')).find((a) => a.scheme === 'world')?.perms, ZkPerms.READ);
    } finally {
      top.close();
    }
  });

  it('a client without credentials reads what Kafka lets it, writes nothing, and never reads SCRAM credentials', async () => {
    const topic = JSON.parse((await anonZk.get('/brokers/topics/secured')).data.toString());
    assert.equal(Object.keys(topic.partitions).length, 2);
    assert.match((await anonZk.get('/kafka-acl/Topic/secured')).data.toString(), /User:alice/);
    assert.deepEqual(await anonZk.children('/brokers/ids'), ['1', '2', '3']);

    assert.ok(await anonZk.exists('/config/users/alice'), 'the credential exists');
    assert.equal(await codeOf(anonZk.get('/config/users/alice')), 'NO_AUTH');
    assert.equal(await codeOf(anonZk.children('/config/users')), 'NO_AUTH');
    assert.match((await superZk.get('/config/users/alice')).data.toString(), /SCRAM-SHA-256/);

    const paths: string[] = [];
    const walk = async (path: string): Promise<void> => {
      paths.push(path);
      for (const child of await superZk.children(path)) await walk(path === '/' ? `/${child}` : `${path}/${child}`);
    };
    await walk('/');
    for (const path of paths) {
      const before = await superZk.get(path);
      assert.equal(await codeOf(anonZk.set(path, Buffer.from('{"owned":true}'), -1)), 'NO_AUTH', `set ${path}`);
      const child = path === '/' ? '/intruder' : `${path}/intruder`;
      assert.equal(await codeOf(anonZk.create(child, Buffer.alloc(0))), 'NO_AUTH', `create ${child}`);
      if (path !== '/') assert.equal(await codeOf(anonZk.delete(path)), 'NO_AUTH', `delete ${path}`);
      assert.deepEqual((await superZk.get(path)).data, before.data, `${path} unchanged`);
    }
  });

  const brokerArgs = (id: number, extra: string[]) => [
    SAMSA_BIN,
    'broker',
    ...['broker.id', id, 'listeners', 'PLAINTEXT://127.0.0.1:0', 'log.dirs', join(root, `b${id}`)].flatMap((v, i, a) =>
      i % 2 === 0 ? ['--override', `${v}=${a[i + 1]}`] : [],
    ),
    '--override',
    `zookeeper.connect=${cluster.zk.connectString}/samsa`,
    ...extra.flatMap((kv) => ['--override', kv]),
  ];

  it('a broker with the wrong ZooKeeper password exits 1 saying so', { timeout: 60_000 }, async () => {
    const r = await run(
      process.execPath,
      brokerArgs(8, ['zookeeper.set.acl=true', `java.security.auth.login.config=${join(root, 'wrong.jaas')}`]),
      { timeoutMs: 50_000, env: { SAMSA_LOG_LEVEL: 'warn' } },
    );
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(
      r.stderr,
      /ZooKeeper refuses ZooKeeper user 'samsa' \(section Client of .*wrong\.jaas\) write access to \/brokers\/ids/,
    );
    assert.match(r.stderr, /'java\.security\.auth\.login\.config'/);
    assert.ok(
      !r.stderr.includes('not-the-secret') && !r.stdout.includes('not-the-secret'),
      'the password is not shown',
    );
    assert.deepEqual(await anonZk.children('/brokers/ids'), ['1', '2', '3']);
  });

  it('a broker without credentials joining a secured cluster exits 1 too', { timeout: 60_000 }, async () => {
    const r = await run(process.execPath, brokerArgs(9, []), { timeoutMs: 50_000, env: { SAMSA_LOG_LEVEL: 'warn' } });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /a broker without ZooKeeper credentials/);
  });

  it('zookeeper.set.acl=true without credentials is a configuration error', { timeout: 60_000 }, async () => {
    const r = await run(process.execPath, brokerArgs(10, ['zookeeper.set.acl=true']), {
      timeoutMs: 50_000,
      env: { SAMSA_LOG_LEVEL: 'warn' },
    });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(
      r.stderr,
      /Invalid value true for configuration zookeeper\.set\.acl: secure ZooKeeper ACLs need ZooKeeper credentials/,
    );
  });
});
