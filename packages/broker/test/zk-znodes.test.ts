/**
 * The znode codecs read Kafka's own JSON (as a Kafka 2.8–3.x broker writes it) and write what
 * Kafka reads; decoding what we encode gives the value back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BrokerConfigZNode,
  BrokerIdZNode,
  ClusterIdZNode,
  ControllerEpochZNode,
  ControllerZNode,
  DeleteTopicZNode,
  PartitionStateZNode,
  ReassignPartitionsZNode,
  TopicConfigZNode,
  TopicZNode,
  ZNodeDecodeError,
} from '../src/zk/znodes.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('znodes', () => {
  it('/cluster/id', () => {
    assert.equal(ClusterIdZNode.decode(b('{"version":"1","id":"Xc3RzW8dT9S2Lx9tBm2K7A"}')), 'Xc3RzW8dT9S2Lx9tBm2K7A');
    assert.deepEqual(JSON.parse(ClusterIdZNode.encode('abc').toString()), { version: '1', id: 'abc' });
    assert.throws(() => ClusterIdZNode.decode(b('{"version":"1"}')), ZNodeDecodeError);
  });

  it('/brokers/ids/<id> reads Kafka’s version 5 registration and round-trips', () => {
    const kafka =
      '{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT","SSL":"SSL"},' +
      '"endpoints":["PLAINTEXT://broker-1:9092","SSL://broker-1:9093"],"rack":"r1","jmx_port":-1,' +
      '"port":9092,"host":"broker-1","version":5,"timestamp":"1700000000000"}';
    const info = BrokerIdZNode.decode(1, b(kafka));
    assert.deepEqual(info, {
      id: 1,
      endpoints: [
        { listener: 'PLAINTEXT', host: 'broker-1', port: 9092 },
        { listener: 'SSL', host: 'broker-1', port: 9093 },
      ],
      securityProtocolMap: { PLAINTEXT: 'PLAINTEXT', SSL: 'SSL' },
      rack: 'r1',
      timestamp: 1700000000000n,
    });
    assert.equal(BrokerIdZNode.path(1), '/brokers/ids/1');
    assert.deepEqual(JSON.parse(BrokerIdZNode.encode(info).toString()), JSON.parse(kafka));
    assert.deepEqual(BrokerIdZNode.decode(1, BrokerIdZNode.encode(info)), info);
    const noRack = { ...info, rack: null };
    assert.equal(JSON.parse(BrokerIdZNode.encode(noRack).toString()).rack, null);
    assert.deepEqual(BrokerIdZNode.decode(1, BrokerIdZNode.encode(noRack)), noRack);
  });

  it('/controller and /controller_epoch', () => {
    assert.deepEqual(ControllerZNode.decode(b('{"version":1,"brokerid":3,"timestamp":"1700000000000"}')), {
      brokerId: 3,
    });
    assert.deepEqual(JSON.parse(ControllerZNode.encode(2, 1700000000001n).toString()), {
      version: 2,
      brokerid: 2,
      timestamp: '1700000000001',
    });
    assert.equal(ControllerEpochZNode.decode(b('17')), 17);
    assert.equal(ControllerEpochZNode.encode(18).toString(), '18');
    assert.throws(() => ControllerEpochZNode.decode(b('x')), ZNodeDecodeError);
  });

  it('/brokers/topics/<t> assignment with topic_id', () => {
    const kafka =
      '{"version":3,"topic_id":"q1tSfoYBSjWrJbUQ3cJY3A","partitions":{"0":[1,2,3],"1":[2,3,1]},' +
      '"adding_replicas":{},"removing_replicas":{}}';
    const a = TopicZNode.decode('orders', b(kafka));
    assert.equal(a.topicId, 'q1tSfoYBSjWrJbUQ3cJY3A');
    assert.deepEqual(
      [...a.partitions],
      [
        [0, [1, 2, 3]],
        [1, [2, 3, 1]],
      ],
    );
    assert.deepEqual(JSON.parse(TopicZNode.encode(a).toString()), JSON.parse(kafka));
    // Version 1 (no topic id, no adding/removing) still reads.
    const v1 = TopicZNode.decode('old', b('{"version":1,"partitions":{"0":[1]}}'));
    assert.equal(v1.topicId, null);
    assert.equal(v1.addingReplicas.size, 0);
    assert.equal(TopicZNode.path('orders'), '/brokers/topics/orders');
  });

  it('partition state', () => {
    const kafka = '{"controller_epoch":4,"leader":2,"version":1,"leader_epoch":7,"isr":[2,3]}';
    const s = PartitionStateZNode.decode('orders', 0, b(kafka));
    assert.deepEqual(s, { leader: 2, leaderEpoch: 7, isr: [2, 3], controllerEpoch: 4 });
    assert.equal(PartitionStateZNode.encode(s).toString(), kafka);
    assert.equal(PartitionStateZNode.path('orders', 0), '/brokers/topics/orders/partitions/0/state');
    assert.throws(() => PartitionStateZNode.decode('orders', 0, b('{"leader":2}')), /leader_epoch/);
  });

  it('configs, deletions and reassignments', () => {
    const cfg = '{"version":1,"config":{"retention.ms":"1000","cleanup.policy":"compact"}}';
    assert.deepEqual(TopicConfigZNode.decode('t', b(cfg)), { 'retention.ms': '1000', 'cleanup.policy': 'compact' });
    assert.deepEqual(JSON.parse(TopicConfigZNode.encode({ 'retention.ms': '1000' }).toString()), {
      version: 1,
      config: { 'retention.ms': '1000' },
    });
    assert.equal(TopicConfigZNode.path('t'), '/config/topics/t');
    assert.equal(BrokerConfigZNode.path(BrokerConfigZNode.DEFAULT), '/config/brokers/<default>');
    assert.equal(BrokerConfigZNode.path('2'), '/config/brokers/2');
    assert.equal(DeleteTopicZNode.path('t'), '/admin/delete_topics/t');
    assert.equal(DeleteTopicZNode.encode().length, 0);
    const r = '{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[3,1]}]}';
    assert.deepEqual(ReassignPartitionsZNode.decode(b(r)), [{ topic: 't', partition: 0, replicas: [3, 1] }]);
    assert.equal(ReassignPartitionsZNode.encode(ReassignPartitionsZNode.decode(b(r))).toString(), r);
  });
});
