# kafka-python 2.2: keyed records (gzip), consumed in a group and committed.
# Usage: kafka_python_codecs.py <bootstrap> <count> <partitions> <rf>
import json, sys
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
bootstrap, count, parts, rf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
topic = 'kafka-python'
KafkaAdminClient(bootstrap_servers=bootstrap).create_topics([NewTopic(topic, parts, rf)])
p = KafkaProducer(bootstrap_servers=bootstrap, acks='all', compression_type='gzip')
placed = {}
for i in range(count):
    md = p.send(topic, key=b'key-%d' % i, value=b'value-%d' % i).get(timeout=30)
    placed['key-%d' % i] = md.partition
p.close()
c = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id='kp-group', auto_offset_reset='earliest', enable_auto_commit=False, consumer_timeout_ms=30000)
consumed = 0
for m in c:
    if placed[m.key.decode()] == m.partition: consumed += 1
    if consumed == count: break
c.commit()
committed = {str(p): c.committed(TopicPartition(topic, p)) for p in range(parts)}
c.close()
print(json.dumps({'produced': len(placed), 'consumed': consumed, 'partitionByKey': placed, 'committedOffsets': committed}))
