import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * The windowed topology of Samsa's cross-check (test/e2e/test/kafka-streams-windows.test.ts): the
 * test runs the same topology with @samsa/streams on the same input and compares every output
 * record, changelog record and internal topic. Counts per key over one input topic, in-memory
 * stores, no record cache (every update is written):
 *   tumbling 10s + 5s grace -> "tumbling", and its final results (suppress) -> "final"
 *   hopping 10s by 5s, no grace -> "hopping"
 *   sliding 10s + 5s grace -> "sliding"
 *   sessions, 5s gap + 5s grace -> "sessions"
 *
 * Usage: WindowedApp bootstrap applicationId stateDir input. Prints topology.describe() between
 * TOPOLOGY-BEGIN and TOPOLOGY-END, then "STATE <state>" on changes.
 */
public final class WindowedApp {
  public static void main(String[] args) throws InterruptedException {
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    props.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
    props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // Streams does not leave the group on close: a short session lets the test's next application
    // instance (@samsa/streams) join soon after this one stops.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);

    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, String> grouped = builder
        .stream(args[3], Consumed.with(Serdes.String(), Serdes.String()))
        .groupByKey();
    Produced<Windowed<String>, Long> timeWindowed =
        Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10_000L), Serdes.Long());

    KTable<Windowed<String>, Long> tumbling = grouped
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .count(Materialized.as("tumbling"));
    tumbling.toStream().to("tumbling", timeWindowed);
    tumbling
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .to("final", timeWindowed);
    grouped
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10)).advanceBy(Duration.ofSeconds(5)))
        .count(Materialized.as("hopping"))
        .toStream()
        .to("hopping", timeWindowed);
    grouped
        .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .count(Materialized.as("sliding"))
        .toStream()
        .to("sliding", timeWindowed);
    grouped
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofSeconds(5), Duration.ofSeconds(5)))
        .count(Materialized.as("sessions"))
        .toStream()
        .to("sessions", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.Long()));

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
