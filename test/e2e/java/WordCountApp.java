import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * A Kafka Streams application for Samsa's end-to-end tests: it counts words over all time and per
 * one-minute tumbling window (by each record's own timestamp), exactly once.
 *
 * Topology: lines (text) -> words -> selectKey(word) -> repartition "by-word" -> two counts:
 *   all time  -> <counts topic>   key word,                value count (long)
 *   windowed  -> <windowed topic> key word@windowStartMs,  value count (long)
 *
 * Usage: WordCountApp bootstrap applicationId stateDir replicationFactor input counts windowed
 * Prints "STATE <new state>" on every state change (with the active tasks once RUNNING), so a
 * test can wait for RUNNING and see which instance owns what.
 */
public final class WordCountApp {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 7) {
      System.err.println("usage: WordCountApp bootstrap applicationId stateDir replicationFactor input counts windowed");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    props.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, args[3]);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // In-memory stores: no RocksDB to unpack; a moved task restores from its changelog topic,
    // which is exactly the path the test wants the broker to serve.
    props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
    // No record cache: every update of a count is written (to its changelog and the output) as
    // it happens, inside the open transaction, so the committed output of a key is exactly
    // 1, 2, 3, ... and a transaction is open most of the time while input flows (commits every
    // second), which is when the test kills an instance.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    // A killed instance is noticed after the session timeout; keep it short (the broker's minimum).
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);

    String input = args[4];
    String countsTopic = args[5];
    String windowedTopic = args[6];
    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, String> byWord = builder
        .stream(input, Consumed.with(Serdes.String(), Serdes.String()))
        .flatMapValues(line -> Arrays.asList(line.toLowerCase().split("\\W+")))
        .filter((key, word) -> !word.isEmpty())
        .selectKey((key, word) -> word)
        .repartition(Repartitioned.<String, String>as("by-word"))
        .groupByKey();
    byWord.count(Materialized.as("word-counts")).toStream().to(countsTopic, Produced.with(Serdes.String(), Serdes.Long()));
    // A grace period longer than the test: no record is dropped as late, so counts are exact.
    byWord
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofHours(1)))
        .count(Materialized.as("windowed-word-counts"))
        .toStream((windowed, count) -> windowed.key() + "@" + windowed.window().start())
        .to(windowedTopic, Produced.with(Serdes.String(), Serdes.Long()));

    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener((next, previous) -> {
      // With RUNNING, the active tasks this instance owns: a test kills one that has some.
      String tasks = next != KafkaStreams.State.RUNNING ? "" : " tasks=" + streams.metadataForLocalThreads().stream()
          .flatMap(thread -> thread.activeTasks().stream())
          .map(task -> task.taskId().toString())
          .sorted()
          .collect(Collectors.joining(","));
      System.out.println("STATE " + next + tasks);
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
