// franz: the conformance scenario driver for franz-go (kgo, kadm). Reads one scenario from its
// flags, runs it against the bootstrap server, and prints one JSON object on stdout; any failure
// is printed on stderr with exit code 1. See test/e2e's conformance suite for the scenarios.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	bootstrap := flag.String("bootstrap", "127.0.0.1:9092", "bootstrap servers, comma-separated")
	topic := flag.String("topic", "", "topic")
	count := flag.Int("count", 100, "records to produce and consume")
	codec := flag.String("compression", "none", "none|gzip|snappy|lz4|zstd")
	group := flag.String("group", "", "consumer group (empty: produce only)")
	partitions := flag.Int("partitions", 3, "partitions of the topic to create")
	replication := flag.Int("replication-factor", 1, "replication factor of the topic to create")
	txnID := flag.String("transactional-id", "", "run the transactional scenario with this id instead")
	scenario := flag.String("scenario", "", "admin|groups: run that scenario instead, its topics named after -topic")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	var err error
	if *scenario == "admin" {
		err = runAdmin(ctx, *bootstrap, *topic, *replication)
	} else if *scenario == "groups" {
		err = runGroups(ctx, *bootstrap, *topic, *replication)
	} else if *txnID != "" {
		err = runTransactional(ctx, txnScenario{bootstrap: *bootstrap, topic: *topic, count: *count,
			partitions: *partitions, replication: *replication, transactionalID: *txnID})
	} else {
		err = run(ctx, *bootstrap, *topic, *count, *codec, *group, *partitions, *replication)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func compression(name string) (kgo.CompressionCodec, error) {
	switch name {
	case "none":
		return kgo.NoCompression(), nil
	case "gzip":
		return kgo.GzipCompression(), nil
	case "snappy":
		return kgo.SnappyCompression(), nil
	case "lz4":
		return kgo.Lz4Compression(), nil
	case "zstd":
		return kgo.ZstdCompression(), nil
	}
	return kgo.NoCompression(), fmt.Errorf("unknown compression %q", name)
}

type result struct {
	Produced         int            `json:"produced"`
	Consumed         int            `json:"consumed"`
	PartitionByKey   map[string]int `json:"partitionByKey"`
	CommittedOffsets map[int]int64  `json:"committedOffsets"`
}

func run(ctx context.Context, bootstrap, topic string, count int, codecName, group string, partitions, replication int) error {
	codec, err := compression(codecName)
	if err != nil {
		return err
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...), kgo.ProducerBatchCompression(codec), kgo.DefaultProduceTopic(topic))
	if err != nil {
		return err
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	created, err := adm.CreateTopic(ctx, int32(partitions), int16(replication), nil, topic)
	if err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	if created.Err != nil {
		return fmt.Errorf("create topic: %w", created.Err)
	}
	out := result{PartitionByKey: map[string]int{}, CommittedOffsets: map[int]int64{}}
	for i := 0; i < count; i++ {
		rec := &kgo.Record{Key: []byte(fmt.Sprintf("key-%d", i)), Value: []byte(fmt.Sprintf("value-%d", i))}
		res := cl.ProduceSync(ctx, rec)
		if err := res.FirstErr(); err != nil {
			return fmt.Errorf("produce: %w", err)
		}
		out.PartitionByKey[string(rec.Key)] = int(rec.Partition)
		out.Produced++
	}
	if group == "" {
		return json.NewEncoder(os.Stdout).Encode(out)
	}
	consumer, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...), kgo.ConsumeTopics(topic), kgo.ConsumerGroup(group),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit())
	if err != nil {
		return err
	}
	defer consumer.Close()
	for out.Consumed < count {
		fetches := consumer.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("consumed %d of %d: %w", out.Consumed, count, err)
		}
		fetches.EachError(func(t string, p int32, e error) { err = fmt.Errorf("fetch %s-%d: %w", t, p, e) })
		if err != nil {
			return err
		}
		fetches.EachRecord(func(r *kgo.Record) {
			if out.PartitionByKey[string(r.Key)] == int(r.Partition) {
				out.Consumed++
			}
		})
	}
	if err := consumer.CommitUncommittedOffsets(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	offsets, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		return fmt.Errorf("fetch offsets: %w", err)
	}
	offsets.Each(func(o kadm.OffsetResponse) { out.CommittedOffsets[int(o.Partition)] = o.At })
	return json.NewEncoder(os.Stdout).Encode(out)
}
