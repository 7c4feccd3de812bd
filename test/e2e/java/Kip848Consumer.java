// A Java consumer with group.protocol=consumer (KIP-848) for the e2e suite. Arguments:
// bootstrap group topic [remoteAssignor [instanceId]] ("-" for none). Prints OWNED <sorted partitions> when its assignment
// changes, ASSIGNED/REVOKED from the rebalance listener, and RECORD <partition> <offset> for each
// record; commits synchronously after each poll. SIGTERM closes it cleanly (leaving the group).
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

public class Kip848Consumer {
  static List<Integer> partitions(Collection<TopicPartition> tps) {
    List<Integer> out = new ArrayList<>();
    for (TopicPartition tp : tps) out.add(tp.partition());
    out.sort(null);
    return out;
  }

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", args[0]);
    p.put("group.id", args[1]);
    p.put("group.protocol", "consumer");
    if (args.length > 3 && !args[3].equals("-")) p.put("group.remote.assignor", args[3]);
    if (args.length > 4) p.put("group.instance.id", args[4]);
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      consumer.wakeup();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      consumer.subscribe(List.of(args[2]), new ConsumerRebalanceListener() {
        public void onPartitionsRevoked(Collection<TopicPartition> tps) {
          System.out.println("REVOKED " + partitions(tps));
        }
        public void onPartitionsAssigned(Collection<TopicPartition> tps) {
          System.out.println("ASSIGNED " + partitions(tps));
        }
      });
      Set<TopicPartition> last = Set.of();
      while (true) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, String> r : records) System.out.println("RECORD " + r.partition() + " " + r.offset());
        if (!records.isEmpty()) consumer.commitSync();
        Set<TopicPartition> now = consumer.assignment();
        if (!now.equals(last)) {
          System.out.println("OWNED " + partitions(now));
          last = Set.copyOf(now);
        }
        System.out.flush();
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
      System.out.println("CLOSED");
      System.out.flush();
      closed.countDown();
    }
  }
}
