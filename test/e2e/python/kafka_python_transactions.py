# kafka-python 2.2's transactional producer (KIP-98) against Samsa: one transaction aborted, one
# committed; a read_committed group consumer counts what it sees. Prints one JSON object.
# Usage: kafka_python_transactions.py <bootstrap> <count> <partitions> <replication-factor>
import json
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic

bootstrap, count, parts, rf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
topic = 'kafka-python-txn'
admin = KafkaAdminClient(bootstrap_servers=bootstrap)
admin.create_topics([NewTopic(topic, parts, rf)])
admin.close()
p = KafkaProducer(bootstrap_servers=bootstrap, transactional_id='kafka-python-txn-id')
p.init_transactions()
for commit in (False, True):
    p.begin_transaction()
    prefix = 'committed' if commit else 'aborted'
    futures = [p.send(topic, key=b'key-%d' % i, value=('%s-%d' % (prefix, i)).encode()) for i in range(count)]
    p.flush(30)
    for f in futures:
        f.get(timeout=30)
    if commit:
        p.commit_transaction()
    else:
        p.abort_transaction()
p.close()
c = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id='kafka-python-txn-group', auto_offset_reset='earliest',
                  enable_auto_commit=False, isolation_level='read_committed')
seen = {'committed': 0, 'aborted': 0}
deadline = time.time() + 60
extra = False
while time.time() < deadline:
    for records in c.poll(timeout_ms=1000 if extra else 200).values():
        for m in records:
            seen[m.value.decode().split('-')[0]] += 1
    if extra:
        break
    # Once every committed record arrived, poll once more so that extras would be seen too.
    extra = seen['committed'] >= count
c.close()
print(json.dumps({'aborted': count, 'committed': count, 'seenCommitted': seen['committed'], 'seenAborted': seen['aborted']}))
