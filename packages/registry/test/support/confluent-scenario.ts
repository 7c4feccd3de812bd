/**
 * A scenario for confluent-kafka's Python SchemaRegistryClient and AvroSerializer (the reference
 * virtualenv): register two versions, read them back every way the client can, test and register
 * an incompatible schema, then serialize a record with the latest version (Confluent's wire
 * format) and produce it. Prints one JSON object. Arguments: registry URL, bootstrap, topic.
 */
export const CONFLUENT_REGISTRY_SCENARIO = `
import json, sys
from confluent_kafka import Producer
from confluent_kafka.schema_registry import SchemaRegistryClient, Schema
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import SerializationContext, MessageField

url, bootstrap, topic = sys.argv[1], sys.argv[2], sys.argv[3]
v1 = json.dumps({"type": "record", "name": "Payment", "namespace": "samsa.py", "fields": [
    {"name": "id", "type": "string"}, {"name": "amount", "type": "double"}]})
v2 = json.dumps({"type": "record", "name": "Payment", "namespace": "samsa.py", "fields": [
    {"name": "id", "type": "string"}, {"name": "amount", "type": "double"},
    {"name": "currency", "type": "string", "default": "EUR"}]})
bad = json.dumps({"type": "record", "name": "Payment", "namespace": "samsa.py", "fields": [
    {"name": "id", "type": "string"}, {"name": "note", "type": "string"}]})
sr = SchemaRegistryClient({"url": url})
out = {}
subject = topic + "-value"
out["id1"] = sr.register_schema(subject, Schema(v1, "AVRO"))
out["id2"] = sr.register_schema(subject, Schema(v2, "AVRO"))
latest = sr.get_latest_version(subject)
out["latest"] = {"version": latest.version, "id": latest.schema_id, "schema": latest.schema.schema_str}
out["byId"] = sr.get_schema(out["id1"]).schema_str
out["versions"] = sr.get_versions(subject)
out["subjects"] = sr.get_subjects()
out["lookup"] = sr.lookup_schema(subject, Schema(v1, "AVRO")).version
out["compatibleBad"] = sr.test_compatibility(subject, Schema(bad, "AVRO"))
try:
    sr.register_schema(subject, Schema(bad, "AVRO"))
    out["badError"] = None
except SchemaRegistryError as e:
    out["badError"] = [e.http_status_code, e.error_code]
try:
    sr.get_version(subject, 42)
except SchemaRegistryError as e:
    out["missingVersion"] = [e.http_status_code, e.error_code]
ser = AvroSerializer(sr, v2, conf={"auto.register.schemas": False, "use.latest.version": True})
value = ser({"id": "p-1", "amount": 12.5, "currency": "CHF"}, SerializationContext(topic, MessageField.VALUE))
p = Producer({"bootstrap.servers": bootstrap})
p.produce(topic, value=value, key=b"p-1")
p.flush(30)
out["sent"] = value.hex()
print(json.dumps(out))
`;

/**
 * Reads `count` values of a topic from the beginning with confluent-kafka's AvroDeserializer and
 * prints them as a JSON list. Arguments: registry URL, bootstrap, topic, count.
 */
export const CONFLUENT_AVRO_CONSUMER = `
import json, sys, time
from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import SerializationContext, MessageField

url, bootstrap, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
de = AvroDeserializer(SchemaRegistryClient({"url": url}))
c = Consumer({"bootstrap.servers": bootstrap, "group.id": "py-avro", "auto.offset.reset": "earliest"})
c.subscribe([topic])
out, deadline = [], time.time() + 60
while len(out) < count and time.time() < deadline:
    m = c.poll(1.0)
    if m is None or m.error():
        continue
    out.append(de(m.value(), SerializationContext(topic, MessageField.VALUE)))
c.close()
print(json.dumps(out))
`;
