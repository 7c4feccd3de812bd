/*
 * Cooperative-sticky and static membership with Kafka's Java consumer (the classic protocol): a
 * second member joining takes partitions from the first without the first giving up the ones it
 * keeps (KIP-429: the first member's revocations never cover everything it owned), and a static
 * member (group.instance.id) that closes and comes back within its session gets the same
 * partitions back without the other member seeing a rebalance (KIP-345).
 */
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

final class GroupScenarios {
  private GroupScenarios() {}

  static final int PARTITIONS = 4;

  /** Records each callback as (kind, partitions). */
  static final class Recorder implements ConsumerRebalanceListener {
    final List<String> events = new ArrayList<>();
    int maxRevoked = 0;

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) return;
      maxRevoked = Math.max(maxRevoked, partitions.size());
      events.add("revoked" + indexes(partitions));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) events.add("assigned" + indexes(partitions));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      events.add("lost" + indexes(partitions));
    }
  }

  static List<Integer> indexes(Collection<TopicPartition> tps) {
    TreeSet<Integer> s = new TreeSet<>();
    for (TopicPartition tp : tps) s.add(tp.partition());
    return new ArrayList<>(s);
  }

  static KafkaConsumer<String, String> member(String group, String instance, String topic, Recorder r) {
    KafkaConsumer<String, String> c = new KafkaConsumer<>(ClientScenarios.props(Map.of(
        "group.id", group,
        "group.instance.id", instance,
        "partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
        "session.timeout.ms", "45000",
        "heartbeat.interval.ms", "1000")));
    c.subscribe(List.of(topic), r);
    return c;
  }

  interface Condition {
    boolean holds();
  }

  /** Polls every consumer in turn until the condition holds (bounded). */
  @SafeVarargs
  static void pollUntil(Condition done, String what, KafkaConsumer<String, String>... consumers) {
    long deadline = System.currentTimeMillis() + ClientScenarios.DEADLINE_MS;
    while (!done.holds()) {
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out: " + what);
      for (KafkaConsumer<String, String> c : consumers) c.poll(Duration.ofMillis(100));
    }
  }

  /**
   * Polls a little longer: callbacks of a rebalance still finishing (or one that a change caused)
   * land now, not in the next phase's record.
   */
  @SafeVarargs
  static void settle(KafkaConsumer<String, String>... consumers) {
    long until = System.currentTimeMillis() + 3000;
    while (System.currentTimeMillis() < until) {
      for (KafkaConsumer<String, String> c : consumers) c.poll(Duration.ofMillis(100));
    }
  }

  static Map<String, Object> cooperativeStatic(Admin admin) throws Exception {
    String topic = ClientScenarios.prefix + "-coop";
    String group = topic + "-group";
    ClientScenarios.createTopic(admin, topic, PARTITIONS);
    Recorder r1 = new Recorder();
    Recorder r2 = new Recorder();
    Recorder r2again = new Recorder();
    try (KafkaConsumer<String, String> first = member(group, "first", topic, r1)) {
      pollUntil(() -> first.assignment().size() == PARTITIONS, "the first member owns every partition", first);
      List<Integer> secondBefore;
      try (KafkaConsumer<String, String> second = member(group, "second", topic, r2)) {
        pollUntil(
            () -> !second.assignment().isEmpty() && first.assignment().size() + second.assignment().size() == PARTITIONS,
            "the partitions are shared",
            first,
            second);
        settle(first, second);
        secondBefore = indexes(second.assignment());
        // A static member leaves no LeaveGroup behind when it closes: the group keeps its place.
      }
      int firstEvents = r1.events.size();
      List<Integer> firstOwned = indexes(first.assignment());
      try (KafkaConsumer<String, String> back = member(group, "second", topic, r2again)) {
        pollUntil(() -> !back.assignment().isEmpty(), "the static member is back", first, back);
        settle(first, back);
        return Map.of(
            "firstEvents", new ArrayList<>(r1.events),
            "firstMaxRevoked", r1.maxRevoked,
            "firstOwned", firstOwned,
            "secondBefore", secondBefore,
            "secondAfter", indexes(back.assignment()),
            "firstEventsDuringReturn", new ArrayList<>(r1.events.subList(firstEvents, r1.events.size())),
            "secondAfterEvents", new ArrayList<>(r2again.events));
      }
    }
  }
}
