/**
 * `samsa consumer-groups` on a consumer (KIP-848) group: --list shows it (--type: its type, or a
 * filter), --describe --state
 * --verbose its epochs, --describe --members --verbose each member's epoch with its current and
 * target assignment, as Kafka 4.x's kafka-consumer-groups.sh prints them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, Consumer, silentLogger } from '@samsa/client';
import { samsa } from './support/cli.js';

describe('samsa consumer-groups on a KIP-848 consumer group', () => {
  let broker: TestBroker;
  let consumer: Consumer;
  let bs: string[];
  before(async () => {
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0 } });
    bs = ['--bootstrap-server', broker.bootstrap];
    const admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    await admin.createTopics([{ name: 'orders', numPartitions: 2 }]);
    await admin.close();
    consumer = new Consumer({
      bootstrapServers: broker.bootstrap,
      groupId: 'next-gen',
      groupProtocol: 'consumer',
      clientId: 'cg-client',
      logger: silentLogger,
    });
    await consumer.subscribe(['orders']);
    const deadline = Date.now() + 30_000;
    while (consumer.assignment().length < 2) {
      if (Date.now() > deadline) throw new Error('the consumer got no assignment');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(async () => {
    await consumer.close();
    await broker.stop();
  });

  it('lists the group and describes its state, epochs and members', async () => {
    let r = await samsa(['consumer-groups', ...bs, '--list']);
    assert.ok(r.stdout.split('\n').includes('next-gen'), r.stdout);
    r = await samsa(['consumer-groups', ...bs, '--list', '--type', '--state']);
    assert.match(r.stdout, /GROUP +TYPE +STATE/);
    assert.match(r.stdout, /next-gen +Consumer +Stable/);
    r = await samsa(['consumer-groups', ...bs, '--list', '--type', 'classic']);
    assert.doesNotMatch(r.stdout, /next-gen/);
    r = await samsa(['consumer-groups', ...bs, '--describe', '--group', 'next-gen', '--state', '--verbose']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /GROUP +COORDINATOR \(ID\) +ASSIGNMENT-STRATEGY +STATE +GROUP-EPOCH +TARGET-ASSIGNMENT-EPOCH +#MEMBERS/,
    );
    assert.match(r.stdout, /next-gen +127\.0\.0\.1:\d+ \(0\) +uniform +Stable +1 +1 +1/);
    r = await samsa(['consumer-groups', ...bs, '--describe', '--group', 'next-gen', '--members', '--verbose']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /CURRENT-EPOCH +CURRENT-ASSIGNMENT +TARGET-EPOCH +TARGET-ASSIGNMENT/);
    assert.match(r.stdout, /next-gen +\S+ +\/127\.0\.0\.1 +cg-client +2 +1 +orders:0,1 +1 +orders:0,1/);
  });

  it('console-consumer joins with --consumer-property group.protocol=consumer', async () => {
    await samsa(['console-producer', ...bs, '--topic', 'orders'], { input: 'one\ntwo\n' });
    const r = await samsa([
      'console-consumer',
      ...bs,
      '--topic',
      'orders',
      '--group',
      'console-848',
      '--consumer-property',
      'group.protocol=consumer',
      '--from-beginning',
      '--max-messages',
      '2',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').sort(), ['one', 'two']);
    const listed = await samsa(['consumer-groups', ...bs, '--list', '--type', 'consumer', '--state']);
    assert.match(listed.stdout, /console-848 +Consumer +Empty/);
  });
});
