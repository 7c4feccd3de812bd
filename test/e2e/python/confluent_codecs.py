# confluent-kafka 2.x: keyed records per codec with murmur2_random partitioning (Java's), consumed in a
# group and committed. Usage: confluent_codecs.py <bootstrap> <count> <partitions> <rf> <codec,...>
import json, sys
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, count, parts, rf, codecs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(',')
admin = AdminClient({'bootstrap.servers': bootstrap})
out = {}
for codec in codecs:
    topic = 'confluent-' + codec
    for f in admin.create_topics([NewTopic(topic, parts, rf)]).values(): f.result(30)
    p = Producer({'bootstrap.servers': bootstrap, 'compression.type': codec, 'partitioner': 'murmur2_random', 'enable.idempotence': True, 'acks': 'all'})
    placed = {}
    def report(err, msg):
        if err: raise SystemExit('delivery failed: %s' % err)
        placed[msg.key().decode()] = msg.partition()
    for i in range(count):
        p.produce(topic, key=b'key-%d' % i, value=b'value-%d' % i, on_delivery=report)
        p.poll(0)
    assert p.flush(30) == 0
    c = Consumer({'bootstrap.servers': bootstrap, 'group.id': topic + '-group', 'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
    c.subscribe([topic])
    consumed = 0
    while consumed < count:
        for m in c.consume(500, 0.5):
            if m.error(): raise SystemExit('consume: %s' % m.error())
            if placed[m.key().decode()] == m.partition(): consumed += 1
    c.commit(asynchronous=False)
    committed = c.committed([TopicPartition(topic, p) for p in range(parts)], 10)
    c.close()
    out[codec] = {'produced': len(placed), 'consumed': consumed, 'partitionByKey': placed,
                  'committedOffsets': {str(tp.partition): tp.offset for tp in committed}}
print(json.dumps(out))
