// sarama: the conformance scenario driver for IBM/sarama, with the same flags and JSON output as
// the franz-go driver: create a topic, produce keyed records, consume them in a group, commit.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/IBM/sarama"
)

type result struct {
	Produced         int            `json:"produced"`
	Consumed         int            `json:"consumed"`
	PartitionByKey   map[string]int `json:"partitionByKey"`
	CommittedOffsets map[int]int64  `json:"committedOffsets"`
}

func main() {
	bootstrap := flag.String("bootstrap", "127.0.0.1:9092", "bootstrap servers, comma-separated")
	topic := flag.String("topic", "", "topic")
	count := flag.Int("count", 100, "records to produce and consume")
	codec := flag.String("compression", "none", "none|gzip|snappy|lz4|zstd")
	group := flag.String("group", "", "consumer group (empty: produce only)")
	partitions := flag.Int("partitions", 3, "partitions of the topic to create")
	replication := flag.Int("replication-factor", 1, "replication factor of the topic to create")
	version := flag.String("kafka-version", "2.8.0", "protocol version sarama assumes")
	txnID := flag.String("transactional-id", "", "run the transactional scenario with this id instead")
	scenario := flag.String("scenario", "", "static: run the static-membership scenario instead, its topic named after -topic")
	flag.Parse()
	var err error
	switch {
	case *scenario == "static":
		err = runStatic(*bootstrap, *topic, *replication, *version)
	case *txnID != "":
		err = runTransactional(*bootstrap, *topic, *txnID, *count, *partitions, *replication, *version)
	default:
		err = run(*bootstrap, *topic, *count, *codec, *group, *partitions, *replication, *version)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func config(codecName, version string) (*sarama.Config, error) {
	cfg := sarama.NewConfig()
	v, err := sarama.ParseKafkaVersion(version)
	if err != nil {
		return nil, err
	}
	cfg.Version = v
	if err := cfg.Producer.Compression.UnmarshalText([]byte(codecName)); err != nil {
		return nil, err
	}
	// Java's default partitioner (murmur2 of the key), so every client agrees on where a key goes.
	cfg.Producer.Partitioner = sarama.NewCustomHashPartitioner(newMurmur2)
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Return.Successes = true
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Offsets.AutoCommit.Enable = false
	return cfg, nil
}

func run(bootstrap, topic string, count int, codecName, group string, partitions, replication int, version string) error {
	cfg, err := config(codecName, version)
	if err != nil {
		return err
	}
	client, err := sarama.NewClient(strings.Split(bootstrap, ","), cfg)
	if err != nil {
		return err
	}
	defer client.Close()
	admin, err := sarama.NewClusterAdminFromClient(client)
	if err != nil {
		return err
	}
	if err := admin.CreateTopic(topic, &sarama.TopicDetail{NumPartitions: int32(partitions), ReplicationFactor: int16(replication)}, false); err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	producer, err := sarama.NewSyncProducerFromClient(client)
	if err != nil {
		return err
	}
	defer producer.Close()
	out := result{PartitionByKey: map[string]int{}, CommittedOffsets: map[int]int64{}}
	for i := 0; i < count; i++ {
		key := fmt.Sprintf("key-%d", i)
		p, _, err := producer.SendMessage(&sarama.ProducerMessage{Topic: topic, Key: sarama.StringEncoder(key), Value: sarama.StringEncoder(fmt.Sprintf("value-%d", i))})
		if err != nil {
			return fmt.Errorf("produce: %w", err)
		}
		out.PartitionByKey[key] = int(p)
		out.Produced++
	}
	if group == "" {
		return json.NewEncoder(os.Stdout).Encode(out)
	}
	cg, err := sarama.NewConsumerGroup(strings.Split(bootstrap, ","), group, cfg)
	if err != nil {
		return err
	}
	defer cg.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	h := &handler{want: count, partitionByKey: out.PartitionByKey, done: cancel}
	for ctx.Err() == nil {
		if err := cg.Consume(ctx, []string{topic}, h); err != nil && ctx.Err() == nil {
			return fmt.Errorf("consume: %w", err)
		}
	}
	out.Consumed = h.consumed
	if out.Consumed < count {
		return fmt.Errorf("consumed %d of %d before the deadline", out.Consumed, count)
	}
	offsets, err := admin.ListConsumerGroupOffsets(group, nil)
	if err != nil {
		return fmt.Errorf("fetch offsets: %w", err)
	}
	for p, b := range offsets.Blocks[topic] {
		out.CommittedOffsets[int(p)] = b.Offset
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

type handler struct {
	mu             sync.Mutex
	want, consumed int
	partitionByKey map[string]int
	done           func()
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (h *handler) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for m := range c.Messages() {
		h.mu.Lock()
		if h.partitionByKey[string(m.Key)] == int(m.Partition) {
			h.consumed++
		}
		s.MarkMessage(m, "")
		finished := h.consumed >= h.want
		h.mu.Unlock()
		if finished {
			s.Commit()
			h.done()
			return nil
		}
	}
	return nil
}
