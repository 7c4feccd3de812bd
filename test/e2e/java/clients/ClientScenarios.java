/*
 * The conformance scenarios of the e2e suite run by Apache Kafka's own Java client (3.9 and 4.1,
 * compiled against each version's jars): keyed records per codec consumed in a group and
 * committed, a transaction aborted and one committed under a read_committed consumer, cooperative-
 * sticky and static group membership (GroupScenarios), and the admin rows (AdminScenarios). One
 * JVM runs them all; it prints one JSON object, each scenario's observations or its error.
 * Usage: ClientScenarios <bootstrap> <topic-prefix> <replication-factor> <count> <codec,...>
 */
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

public final class ClientScenarios {
  static String bootstrap;
  static String prefix;
  static short replicationFactor;
  static int count;
  static final int PARTITIONS = 3;
  static final long DEADLINE_MS = 60_000;

  interface Scenario {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    bootstrap = args[0];
    prefix = args[1];
    replicationFactor = Short.parseShort(args[2]);
    count = Integer.parseInt(args[3]);
    Map<String, Object> out = new LinkedHashMap<>();
    Properties adminProps = new Properties();
    adminProps.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(adminProps)) {
      for (String codec : args[4].split(",")) out.put("produce-" + codec, attempt(() -> produceConsume(admin, codec)));
      out.put("transactions", attempt(() -> transactions(admin)));
      out.put("cooperative-static", attempt(() -> GroupScenarios.cooperativeStatic(admin)));
      out.put("admin", attempt(() -> AdminScenarios.run(admin)));
    }
    System.out.println(Json.write(out));
  }

  static Object attempt(Scenario s) {
    try {
      return s.run();
    } catch (Throwable e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      return Map.of("error", trace.toString());
    }
  }

  static void createTopic(Admin admin, String topic, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all().get(30, TimeUnit.SECONDS);
  }

  static Properties props(Map<String, String> extra) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    p.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    p.putAll(extra);
    return p;
  }

  static Map<String, Object> produceConsume(Admin admin, String codec) throws Exception {
    String topic = prefix + "-" + codec;
    createTopic(admin, topic, PARTITIONS);
    Map<String, Object> placed = new TreeMap<>();
    try (KafkaProducer<String, String> p = new KafkaProducer<>(
        props(Map.of("compression.type", codec, "acks", "all", "enable.idempotence", "true", "linger.ms", "5")))) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) sent.add(p.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
      for (int i = 0; i < count; i++) placed.put("key-" + i, sent.get(i).get(30, TimeUnit.SECONDS).partition());
    }
    int consumed = 0;
    Map<String, Object> committed = new TreeMap<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props(Map.of("group.id", topic + "-group")))) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + DEADLINE_MS;
      while (consumed < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          if (Integer.valueOf(r.partition()).equals(placed.get(r.key()))) consumed++;
        }
      }
      c.commitSync();
      List<TopicPartition> tps = new ArrayList<>();
      for (int i = 0; i < PARTITIONS; i++) tps.add(new TopicPartition(topic, i));
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : c.committed(new java.util.HashSet<>(tps)).entrySet()) {
        committed.put(String.valueOf(e.getKey().partition()), e.getValue() == null ? null : e.getValue().offset());
      }
    }
    return Map.of("produced", placed.size(), "consumed", consumed, "partitionByKey", placed, "committedOffsets", committed);
  }

  /** One transaction aborted, one committed; a read_committed group consumer counts what it sees. */
  static Map<String, Object> transactions(Admin admin) throws Exception {
    String topic = prefix + "-txn";
    createTopic(admin, topic, PARTITIONS);
    try (KafkaProducer<String, String> p = new KafkaProducer<>(props(Map.of("transactional.id", topic + "-id")))) {
      p.initTransactions();
      for (boolean commit : new boolean[] {false, true}) {
        p.beginTransaction();
        for (int i = 0; i < count; i++) p.send(new ProducerRecord<>(topic, "key-" + i, (commit ? "committed-" : "aborted-") + i));
        p.flush();
        if (commit) p.commitTransaction();
        else p.abortTransaction();
      }
    }
    Map<String, Integer> seen = new HashMap<>(Map.of("committed", 0, "aborted", 0));
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(
        props(Map.of("group.id", topic + "-group", "isolation.level", "read_committed")))) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + DEADLINE_MS;
      boolean extra = false;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(extra ? 1000 : 200))) {
          seen.merge(r.value().split("-")[0], 1, Integer::sum);
        }
        if (extra) break;
        // Once every committed record arrived, poll once more so that extras would be seen too.
        extra = seen.get("committed") >= count;
      }
    }
    return Map.of("aborted", count, "committed", count, "seenCommitted", seen.get("committed"), "seenAborted", seen.get("aborted"));
  }
}
