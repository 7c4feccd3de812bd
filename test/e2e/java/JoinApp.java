import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.ValueJoiner;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * The join topology of Samsa's cross-check (test/e2e/test/kafka-streams-joins.test.ts): the test
 * runs the same topology with @samsa/streams on the same input and compares every output record
 * and the join window stores' changelogs. In-memory stores, no record cache, and the outer join's
 * emit throttle off (Kafka's internal config, which its own tests set to 0), so results do not
 * depend on wall-clock time. max.task.idle.ms makes a task wait for both join inputs, so records
 * are processed in timestamp order across the two topics whatever the fetch timing.
 *   left leftJoin right, 5s + 2s grace -> "ss-left"; left outerJoin right, 5s -> "ss-outer"
 *   table tleft outerJoin / leftJoin / join table tright -> "tt-outer", "tt-left", "tt-inner"
 *
 * Usage: JoinApp bootstrap applicationId stateDir. Prints topology.describe() between
 * TOPOLOGY-BEGIN and TOPOLOGY-END, then "STATE <state>" on changes.
 */
public final class JoinApp {
  public static void main(String[] args) throws InterruptedException {
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    props.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
    props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 3000);
    // The join stores take no serdes from the joined streams: Kafka falls back to the defaults.
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_OUTER_JOIN_SPURIOUS_RESULTS_FIX, 0L);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);

    Consumed<String, String> strings = Consumed.with(Serdes.String(), Serdes.String());
    Produced<String, String> out = Produced.with(Serdes.String(), Serdes.String());
    ValueJoiner<String, String, String> joiner = (l, r) -> l + "+" + r;
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> left = builder.stream("left", strings);
    KStream<String, String> right = builder.stream("right", strings);
    left.leftJoin(right, joiner, JoinWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(5), Duration.ofSeconds(2)))
        .to("ss-left", out);
    left.outerJoin(right, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofSeconds(5))).to("ss-outer", out);
    KTable<String, String> tleft = builder.table("tleft", strings);
    KTable<String, String> tright = builder.table("tright", strings);
    tleft.outerJoin(tright, joiner).toStream().to("tt-outer", out);
    tleft.leftJoin(tright, joiner).toStream().to("tt-left", out);
    tleft.join(tright, joiner).toStream().to("tt-inner", out);

    org.apache.kafka.streams.Topology topology = builder.build();
    System.out.println("TOPOLOGY-BEGIN\n" + topology.describe() + "TOPOLOGY-END");
    System.out.flush();
    KafkaStreams streams = new KafkaStreams(topology, props);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener((next, previous) -> {
      System.out.println("STATE " + next);
      System.out.flush();
      if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) stopped.countDown();
    });
    streams.setUncaughtExceptionHandler(e -> {
      e.printStackTrace();
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(10))));
    streams.start();
    stopped.await();
  }
}
