package main

// The transactional scenario with sarama's transactional producer: one transaction of records is
// aborted, the next committed, and a read_committed consumer must see exactly the committed ones.

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/IBM/sarama"
)

type txnResult struct {
	Aborted       int `json:"aborted"`
	Committed     int `json:"committed"`
	SeenCommitted int `json:"seenCommitted"`
	SeenAborted   int `json:"seenAborted"`
}

func runTransactional(bootstrap, topic, transactionalID string, count, partitions, replication int, version string) error {
	cfg, err := config("none", version)
	if err != nil {
		return err
	}
	cfg.Producer.Idempotent = true
	cfg.Producer.Transaction.ID = transactionalID
	cfg.Net.MaxOpenRequests = 1
	brokers := strings.Split(bootstrap, ",")
	admin, err := sarama.NewClusterAdmin(brokers, cfg)
	if err != nil {
		return err
	}
	defer admin.Close()
	if err := admin.CreateTopic(topic, &sarama.TopicDetail{NumPartitions: int32(partitions), ReplicationFactor: int16(replication)}, false); err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	producer, err := sarama.NewSyncProducer(brokers, cfg)
	if err != nil {
		return err
	}
	out := txnResult{}
	for _, commit := range []bool{false, true} {
		if err := producer.BeginTxn(); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		prefix := map[bool]string{false: "aborted", true: "committed"}[commit]
		for i := 0; i < count; i++ {
			msg := &sarama.ProducerMessage{Topic: topic, Key: sarama.StringEncoder(fmt.Sprintf("key-%d", i)),
				Value: sarama.StringEncoder(fmt.Sprintf("%s-%d", prefix, i))}
			if _, _, err := producer.SendMessage(msg); err != nil {
				return fmt.Errorf("produce (%s): %w", prefix, err)
			}
		}
		if commit {
			err, out.Committed = producer.CommitTxn(), count
		} else {
			err, out.Aborted = producer.AbortTxn(), count
		}
		if err != nil {
			return fmt.Errorf("end transaction (%s): %w", prefix, err)
		}
	}
	if err := producer.Close(); err != nil {
		return err
	}
	return readCommitted(brokers, topic, count, partitions, version, &out)
}

// readCommitted reads every partition from the start with isolation.level=read_committed until
// every committed record arrived, then one second more so that extras would be seen too.
func readCommitted(brokers []string, topic string, count, partitions int, version string, out *txnResult) error {
	cfg, err := config("none", version)
	if err != nil {
		return err
	}
	cfg.Consumer.IsolationLevel = sarama.ReadCommitted
	consumer, err := sarama.NewConsumer(brokers, cfg)
	if err != nil {
		return err
	}
	defer consumer.Close()
	var mu sync.Mutex
	for p := 0; p < partitions; p++ {
		pc, err := consumer.ConsumePartition(topic, int32(p), sarama.OffsetOldest)
		if err != nil {
			return fmt.Errorf("consume partition %d: %w", p, err)
		}
		defer pc.Close()
		go func() {
			for m := range pc.Messages() {
				mu.Lock()
				if strings.HasPrefix(string(m.Value), "committed-") {
					out.SeenCommitted++
				} else {
					out.SeenAborted++
				}
				mu.Unlock()
			}
		}()
	}
	seen := func() int {
		mu.Lock()
		defer mu.Unlock()
		return out.SeenCommitted
	}
	for deadline := time.Now().Add(60 * time.Second); seen() < count; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("read %d of %d committed records", seen(), count)
		}
	}
	time.Sleep(time.Second)
	mu.Lock()
	defer mu.Unlock()
	return json.NewEncoder(os.Stdout).Encode(out)
}
