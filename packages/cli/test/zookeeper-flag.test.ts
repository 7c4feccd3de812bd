/**
 * The seed documents' command lines use Kafka's pre-3.0 `--zookeeper host:2181`: samsa maps it to
 * the broker on that host at port 9092, with a warning, and an explicit --bootstrap-server wins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { brokersForZookeeper } from '../src/cli/zookeeper.js';
import { samsa } from './support/cli.js';

describe('--zookeeper', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker.stop();
  });

  it('stands for the brokers on the ZooKeeper hosts at port 9092', () => {
    assert.equal(brokersForZookeeper('localhost:2181'), 'localhost:9092');
    assert.equal(brokersForZookeeper('zk1:2181,zk2:2181/kafka'), 'zk1:9092,zk2:9092');
    assert.equal(brokersForZookeeper(''), 'localhost:9092');
  });

  it('runs a seed-style command line, warning, when --bootstrap-server is also given', async () => {
    const bs = broker.bootstrap;
    const created = await samsa([
      'topics',
      '--create',
      '--zookeeper',
      'localhost:2181',
      '--bootstrap-server',
      bs,
      '--replication-factor',
      '1',
      '--partitions',
      '3',
      '--topic',
      'mytopic',
    ]);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /Created topic mytopic/);
    assert.match(created.stderr, /--zookeeper localhost:2181 is ignored/);
  });

  it('connects to host:9092 when only --zookeeper is given', async () => {
    const r = await samsa(['topics', '--list', '--zookeeper', '127.0.0.1:2181', '--timeout', '1500']);
    assert.match(r.stderr, /--zookeeper is deprecated.*127\.0\.0\.1:9092/);
    // Whether a broker happens to run on 9092 here or not, the address it tried is the mapped one.
    if (r.status !== 0) assert.match(r.stderr, /127\.0\.0\.1:9092/);
  });
});
