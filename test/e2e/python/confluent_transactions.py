# confluent-kafka 2.x: one transaction aborted, one committed; a read_committed group consumer counts
# what it sees. Usage: confluent_transactions.py <bootstrap> <count> <partitions> <rf>
import json, sys
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, count, parts, rf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
topic = 'confluent-txn'
admin = AdminClient({'bootstrap.servers': bootstrap})  # kept alive until the topic exists
for f in admin.create_topics([NewTopic(topic, parts, rf)]).values(): f.result(30)
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': 'confluent-txn-id'})
p.init_transactions(30)
for commit in (False, True):
    p.begin_transaction()
    prefix = 'committed' if commit else 'aborted'
    for i in range(count):
        p.produce(topic, key=b'key-%d' % i, value=('%s-%d' % (prefix, i)).encode())
        p.poll(0)
    # abort_transaction purges what is still queued: flush so the aborted records reach the log.
    assert p.flush(30) == 0
    if commit: p.commit_transaction(30)
    else: p.abort_transaction(30)
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'confluent-txn-group', 'auto.offset.reset': 'earliest',
              'isolation.level': 'read_committed', 'enable.auto.commit': False})
c.subscribe([topic])
seen = {'committed': 0, 'aborted': 0}
extra = False
while True:
    for m in c.consume(500, 1.0):
        if m.error(): raise SystemExit('consume: %s' % m.error())
        seen[m.value().decode().split('-')[0]] += 1
    if extra: break
    # Once every committed record arrived, read once more so that extras would be seen too.
    extra = seen['committed'] >= count
c.close()
print(json.dumps({'aborted': count, 'committed': count, 'seenCommitted': seen['committed'], 'seenAborted': seen['aborted']}))
