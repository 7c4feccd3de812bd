/*
 * The admin rows of the conformance matrix with Kafka's Java Admin: topics (created, listed,
 * described one partition per response, which pages DescribeTopicPartitions with its cursor where
 * the broker offers it, deleted), partitions, topic and broker configs, records deletion, offsets
 * for times, consumer groups and their offsets, the cluster, log dirs and client quotas. Returns
 * what the admin client observed; the test holds the expectations.
 */
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;

final class AdminScenarios {
  private AdminScenarios() {}

  static long offset(Admin admin, TopicPartition tp, OffsetSpec spec) throws Exception {
    return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
  }

  static boolean groupListed(Admin admin, String group) throws Exception {
    return admin.listConsumerGroups().all().get().stream().anyMatch(g -> g.groupId().equals(group));
  }

  static Map<String, Object> run(Admin admin) throws Exception {
    Map<String, Object> r = new TreeMap<>();
    String topic = ClientScenarios.prefix + "-admin";
    ClientScenarios.createTopic(admin, topic, 3);
    r.put("listed", admin.listTopics().names().get().contains(topic));
    Map<String, TopicDescription> described = admin.describeTopics(
        List.of(topic, ClientScenarios.prefix + "-coop"), new DescribeTopicsOptions().partitionSizeLimitPerResponse(1))
        .allTopicNames().get();
    Map<String, Object> partitions = new TreeMap<>();
    described.forEach((name, d) -> partitions.put(name, d.partitions().size()));
    r.put("describedPartitions", partitions);
    r.put("replicas", described.get(topic).partitions().get(0).replicas().size());

    admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all().get();
    r.put("partitionsAfterIncrease", admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());

    ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    admin.incrementalAlterConfigs(Map.of(res, List.of(
        new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)))).all().get();
    r.put("retentionMs", admin.describeConfigs(List.of(res)).all().get().get(res).get("retention.ms").value());

    DescribeClusterResult cluster = admin.describeCluster();
    List<Integer> nodeIds = new ArrayList<>();
    for (Node n : cluster.nodes().get()) nodeIds.add(n.id());
    r.put("nodes", nodeIds.size());
    r.put("clusterIdPresent", cluster.clusterId().get() != null);
    r.put("controllerAmongNodes", nodeIds.contains(cluster.controller().get().id()));
    ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(nodeIds.get(0)));
    r.put("brokerLogRetentionHours", admin.describeConfigs(List.of(broker)).all().get().get(broker).get("log.retention.hours").value());

    // Twenty records on partition 0, one second apart in their timestamps.
    TopicPartition tp0 = new TopicPartition(topic, 0);
    long base = System.currentTimeMillis() - 100_000;
    try (KafkaProducer<String, String> p = new KafkaProducer<>(ClientScenarios.props(Map.of("acks", "all")))) {
      for (int i = 0; i < 20; i++) p.send(new ProducerRecord<>(topic, 0, base + i * 1000L, "k" + i, "v" + i)).get();
    }
    r.put("offsetForTime", offset(admin, tp0, OffsetSpec.forTimestamp(base + 5000)));
    r.put("offsetForLateTime", offset(admin, tp0, OffsetSpec.forTimestamp(base + 60_000)));
    r.put("maxTimestampOffset", offset(admin, tp0, OffsetSpec.maxTimestamp()));
    r.put("latest", offset(admin, tp0, OffsetSpec.latest()));
    r.put("lowWatermark", admin.deleteRecords(Map.of(tp0, RecordsToDelete.beforeOffset(10))).lowWatermarks().get(tp0).get().lowWatermark());
    r.put("earliestAfterDelete", offset(admin, tp0, OffsetSpec.earliest()));

    String group = topic + "-group";
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(ClientScenarios.props(Map.of("group.id", group)))) {
      c.commitSync(Map.of(tp0, new OffsetAndMetadata(15)));
    }
    r.put("groupListed", groupListed(admin, group));
    r.put("groupState", admin.describeConsumerGroups(List.of(group)).all().get().get(group).state().toString());
    r.put("committed", admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp0).offset());
    admin.alterConsumerGroupOffsets(group, Map.of(tp0, new OffsetAndMetadata(12))).all().get();
    r.put("committedAfterAlter", admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp0).offset());
    admin.deleteConsumerGroupOffsets(group, Set.of(tp0)).all().get();
    r.put("offsetAfterOffsetDelete", admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().containsKey(tp0));
    admin.deleteConsumerGroups(List.of(group)).all().get();
    r.put("groupListedAfterDelete", groupListed(admin, group));

    // Every replica of the topic in some log dir (followers may still be creating theirs: bounded wait).
    int expected = 5 * ClientScenarios.replicationFactor;
    int replicas = 0;
    long deadline = System.currentTimeMillis() + 30_000;
    do {
      replicas = 0;
      for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(nodeIds).allDescriptions().get().values()) {
        for (LogDirDescription d : dirs.values()) {
          for (TopicPartition tp : d.replicaInfos().keySet()) if (tp.topic().equals(topic)) replicas++;
        }
      }
    } while (replicas < expected && System.currentTimeMillis() < deadline && sleep(200));
    r.put("logDirReplicas", replicas);

    ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, ClientScenarios.prefix + "-client"));
    admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
        List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1048576.0))))).all().get();
    ClientQuotaFilter filter = ClientQuotaFilter.containsOnly(
        List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, ClientScenarios.prefix + "-client")));
    Map<String, Double> quota = admin.describeClientQuotas(filter).entities().get().get(entity);
    r.put("producerByteRate", quota == null ? null : quota.get("producer_byte_rate"));

    admin.deleteTopics(List.of(topic)).all().get();
    boolean listed = true;
    deadline = System.currentTimeMillis() + 30_000;
    while (listed && System.currentTimeMillis() < deadline) {
      listed = admin.listTopics().names().get().contains(topic);
      if (listed) sleep(200);
    }
    r.put("listedAfterDelete", listed);
    return r;
  }

  static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}
