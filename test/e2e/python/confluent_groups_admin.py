# confluent-kafka 2.x (current librdkafka) in the conformance matrix: cooperative-sticky and static
# membership, then the admin rows its AdminClient offers (topics, partitions, configs, cluster,
# offsets for times, records deletion, consumer groups and their offsets; librdkafka has no log-dir
# or client-quota admin calls). Prints one JSON object of what it observed; the test checks it.
# Usage: confluent_groups_admin.py <bootstrap> <topic-prefix> <replication-factor>
import json
import sys
import time

from confluent_kafka import (ConsumerGroupTopicPartitions, Consumer, Producer, TopicCollection,
                             TopicPartition)
from confluent_kafka.admin import (AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource,
                                   NewPartitions, NewTopic, OffsetSpec,
                                   ResourceType)

bootstrap, prefix, rf = sys.argv[1], sys.argv[2], int(sys.argv[3])
admin = AdminClient({'bootstrap.servers': bootstrap})
DEADLINE = 60


def create(topic, partitions):
    for f in admin.create_topics([NewTopic(topic, partitions, rf)]).values():
        f.result(30)


def member(topic, group, instance, events):
    c = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'group.instance.id': instance,
                  'partition.assignment.strategy': 'cooperative-sticky', 'session.timeout.ms': 45000,
                  'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
    c.subscribe([topic],
                on_assign=lambda _c, ps: events.append(['assigned', sorted(p.partition for p in ps)]),
                on_revoke=lambda _c, ps: events.append(['revoked', sorted(p.partition for p in ps)]))
    return c


def poll_until(done, what, *consumers):
    deadline = time.time() + DEADLINE
    while not done():
        if time.time() > deadline:
            raise SystemExit('timed out: ' + what)
        for c in consumers:
            c.poll(0.1)


def settle(*consumers):
    # Poll a little longer: callbacks of a rebalance still finishing (or one that a change caused)
    # land now, not in the next phase's record.
    until = time.time() + 3
    while time.time() < until:
        for c in consumers:
            c.poll(0.1)


def owned(c):
    return sorted(p.partition for p in c.assignment())


def groups():
    topic, group = prefix + '-coop', prefix + '-coop-group'
    create(topic, 4)
    first_events, second_events, back_events = [], [], []
    first = member(topic, group, 'first', first_events)
    poll_until(lambda: len(first.assignment()) == 4, 'the first member owns every partition', first)
    second = member(topic, group, 'second', second_events)
    poll_until(lambda: second.assignment() and len(first.assignment()) + len(second.assignment()) == 4,
               'the partitions are shared', first, second)
    settle(first, second)
    second_before, first_owned = owned(second), owned(first)
    second.close()  # a static member leaves no LeaveGroup behind
    mark = len(first_events)
    back = member(topic, group, 'second', back_events)
    poll_until(lambda: back.assignment(), 'the static member is back', first, back)
    settle(first, back)
    out = {'firstEvents': list(first_events), 'firstOwned': first_owned, 'secondBefore': second_before,
           'secondAfter': owned(back), 'firstEventsDuringReturn': first_events[mark:]}
    back.close()
    first.close()
    return out


def offset(tp, spec):
    return admin.list_offsets({tp: spec})[tp].result(30).offset


def admin_rows():
    r = {}
    topic = prefix + '-admin'
    create(topic, 3)
    r['listed'] = topic in admin.list_topics(timeout=30).topics
    described = admin.describe_topics(TopicCollection([topic]))[topic].result(30)
    r['describedPartitions'] = len(described.partitions)
    r['replicas'] = len(described.partitions[0].replicas)
    for f in admin.create_partitions([NewPartitions(topic, 5)]).values():
        f.result(30)
    r['partitionsAfterIncrease'] = len(admin.describe_topics(TopicCollection([topic]))[topic].result(30).partitions)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry('retention.ms', '3600000', incremental_operation=AlterConfigOpType.SET)])
    for f in admin.incremental_alter_configs([res]).values():
        f.result(30)
    configs = list(admin.describe_configs([ConfigResource(ResourceType.TOPIC, topic)]).values())[0].result(30)
    r['retentionMs'] = configs['retention.ms'].value
    cluster = admin.describe_cluster().result(30)
    r['nodes'] = len(cluster.nodes)
    r['clusterIdPresent'] = bool(cluster.cluster_id)
    r['controllerAmongNodes'] = cluster.controller.id in [n.id for n in cluster.nodes]

    tp0 = TopicPartition(topic, 0)
    base = int(time.time() * 1000) - 100000
    p = Producer({'bootstrap.servers': bootstrap, 'acks': 'all'})
    for i in range(20):
        p.produce(topic, key=b'k%d' % i, value=b'v%d' % i, partition=0, timestamp=base + i * 1000)
    assert p.flush(30) == 0
    r['offsetForTime'] = offset(tp0, OffsetSpec.for_timestamp(base + 5000))
    r['offsetForLateTime'] = offset(tp0, OffsetSpec.for_timestamp(base + 60000))
    r['maxTimestampOffset'] = offset(tp0, OffsetSpec.max_timestamp())
    r['latest'] = offset(tp0, OffsetSpec.latest())
    deleted = admin.delete_records([TopicPartition(topic, 0, 10)])
    r['lowWatermark'] = list(deleted.values())[0].result(30).low_watermark
    r['earliestAfterDelete'] = offset(tp0, OffsetSpec.earliest())

    group = topic + '-group'
    c = Consumer({'bootstrap.servers': bootstrap, 'group.id': group})
    c.commit(offsets=[TopicPartition(topic, 0, 15)], asynchronous=False)
    c.close()
    listed = lambda: group in [g.group_id for g in admin.list_consumer_groups().result(30).valid]
    r['groupListed'] = listed()
    r['groupState'] = str(admin.describe_consumer_groups([group])[group].result(30).state)

    def committed():
        res = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group].result(30)
        return {tp.partition: tp.offset for tp in res.topic_partitions}.get(0)
    r['committed'] = committed()
    for f in admin.alter_consumer_group_offsets(
            [ConsumerGroupTopicPartitions(group, [TopicPartition(topic, 0, 12)])]).values():
        f.result(30)
    r['committedAfterAlter'] = committed()
    for f in admin.delete_consumer_groups([group]).values():
        f.result(30)
    r['groupListedAfterDelete'] = listed()
    for f in admin.delete_topics([topic]).values():
        f.result(30)
    deadline = time.time() + 30
    while topic in admin.list_topics(timeout=30).topics and time.time() < deadline:
        time.sleep(0.2)
    r['listedAfterDelete'] = topic in admin.list_topics(timeout=30).topics
    return r


print(json.dumps({'groups': groups(), 'admin': admin_rows()}))
