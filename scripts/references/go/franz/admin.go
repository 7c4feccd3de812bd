package main

// The admin rows with kadm: topics (created, listed, described, deleted), partitions, topic and
// broker configs, the cluster, offsets for times, records deletion, consumer groups and their
// offsets, log dirs and client quotas. Prints what kadm observed as one JSON object; the test
// holds the expectations.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func configValue(rcs kadm.ResourceConfigs, key string) string {
	for _, rc := range rcs {
		for _, c := range rc.Configs {
			if c.Key == key {
				return c.MaybeValue()
			}
		}
	}
	return ""
}

func runAdmin(ctx context.Context, bootstrap, prefix string, replication int) error {
	// Records go to the partition they name (kgo's default partitioner would pick its own).
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		return err
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	r := map[string]any{}
	topic := prefix + "-admin"
	created, err := adm.CreateTopic(ctx, 3, int16(replication), nil, topic)
	if err = firstErr(err, created.Err); err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	details, err := adm.ListTopics(ctx)
	if err != nil {
		return fmt.Errorf("list topics: %w", err)
	}
	r["listed"] = details.Has(topic)
	r["describedPartitions"] = len(details[topic].Partitions)
	r["replicas"] = len(details[topic].Partitions[0].Replicas)
	if _, err := adm.UpdatePartitions(ctx, 5, topic); err != nil {
		return fmt.Errorf("create partitions: %w", err)
	}
	details, err = adm.ListTopics(ctx, topic)
	if err != nil {
		return fmt.Errorf("describe topic: %w", err)
	}
	r["partitionsAfterIncrease"] = len(details[topic].Partitions)
	retention := "3600000"
	altered, err := adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{{Op: kadm.SetConfig, Name: "retention.ms", Value: &retention}}, topic)
	if err != nil {
		return fmt.Errorf("alter configs: %w", err)
	}
	for _, a := range altered {
		if a.Err != nil {
			return fmt.Errorf("alter configs: %w", a.Err)
		}
	}
	topicConfigs, err := adm.DescribeTopicConfigs(ctx, topic)
	if err != nil {
		return fmt.Errorf("describe configs: %w", err)
	}
	r["retentionMs"] = configValue(topicConfigs, "retention.ms")
	meta, err := adm.BrokerMetadata(ctx)
	if err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	r["nodes"] = len(meta.Brokers)
	r["clusterIdPresent"] = meta.Cluster != ""
	controllerAmongNodes := false
	for _, b := range meta.Brokers {
		controllerAmongNodes = controllerAmongNodes || b.NodeID == meta.Controller
	}
	r["controllerAmongNodes"] = controllerAmongNodes
	brokerConfigs, err := adm.DescribeBrokerConfigs(ctx, meta.Brokers[0].NodeID)
	if err != nil {
		return fmt.Errorf("describe broker configs: %w", err)
	}
	r["brokerLogRetentionHours"] = configValue(brokerConfigs, "log.retention.hours")

	// Twenty records on partition 0, one second apart in their timestamps.
	base := time.Now().Add(-100 * time.Second).Truncate(time.Millisecond)
	for i := 0; i < 20; i++ {
		rec := &kgo.Record{Topic: topic, Partition: 0, Timestamp: base.Add(time.Duration(i) * time.Second),
			Key: []byte(fmt.Sprintf("k%d", i)), Value: []byte(fmt.Sprintf("v%d", i))}
		if err := cl.ProduceSync(ctx, rec).FirstErr(); err != nil {
			return fmt.Errorf("produce: %w", err)
		}
	}
	lookup := func(lo kadm.ListedOffsets, err error) (int64, error) {
		if err != nil {
			return 0, err
		}
		o, _ := lo.Lookup(topic, 0)
		return o.Offset, o.Err
	}
	var offsetErrs [5]error
	r["offsetForTime"], offsetErrs[0] = lookup(adm.ListOffsetsAfterMilli(ctx, base.Add(5*time.Second).UnixMilli(), topic))
	// kadm answers a time after every record with the end offset (Kafka's broker says -1).
	r["offsetForLateTime"], offsetErrs[1] = lookup(adm.ListOffsetsAfterMilli(ctx, base.Add(60*time.Second).UnixMilli(), topic))
	r["maxTimestampOffset"], offsetErrs[2] = lookup(adm.ListMaxTimestampOffsets(ctx, topic))
	r["latest"], offsetErrs[3] = lookup(adm.ListEndOffsets(ctx, topic))
	toDelete := kadm.Offsets{}
	toDelete.AddOffset(topic, 0, 10, -1)
	deleted, err := adm.DeleteRecords(ctx, toDelete)
	if err != nil {
		return fmt.Errorf("delete records: %w", err)
	}
	r["lowWatermark"] = deleted[topic][0].LowWatermark
	r["earliestAfterDelete"], offsetErrs[4] = lookup(adm.ListStartOffsets(ctx, topic))
	for i, err := range append(offsetErrs[:], deleted[topic][0].Err) {
		if err != nil {
			return fmt.Errorf("offsets (%s): %w", []string{"for a time", "for a late time", "max timestamp", "end", "start", "delete records"}[i], err)
		}
	}

	if err := groupRows(ctx, adm, topic, r); err != nil {
		return err
	}

	// Every replica of the topic in some log dir (followers may still be creating theirs).
	replicas := 0
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		dirs, err := adm.DescribeAllLogDirs(ctx, nil)
		if err != nil {
			return fmt.Errorf("log dirs: %w", err)
		}
		replicas = 0
		for _, byDir := range dirs {
			for _, d := range byDir {
				replicas += len(d.Topics[topic])
			}
		}
		if replicas >= 5*replication || time.Now().After(deadline) {
			break
		}
	}
	r["logDirReplicas"] = replicas

	client := prefix + "-client"
	entity := kadm.ClientQuotaEntity{{Type: "client-id", Name: &client}}
	if _, err := adm.AlterClientQuotas(ctx, []kadm.AlterClientQuotaEntry{{Entity: entity,
		Ops: []kadm.AlterClientQuotaOp{{Key: "producer_byte_rate", Value: 1048576}}}}); err != nil {
		return fmt.Errorf("alter quotas: %w", err)
	}
	quotas, err := adm.DescribeClientQuotas(ctx, true, []kadm.DescribeClientQuotaComponent{{Type: "client-id", MatchName: &client}})
	if err != nil {
		return fmt.Errorf("describe quotas: %w", err)
	}
	r["producerByteRate"] = nil
	for _, q := range quotas {
		for _, v := range q.Values {
			if v.Key == "producer_byte_rate" {
				r["producerByteRate"] = v.Value
			}
		}
	}

	if _, err := adm.DeleteTopics(ctx, topic); err != nil {
		return fmt.Errorf("delete topic: %w", err)
	}
	listed := true
	for deadline := time.Now().Add(30 * time.Second); listed && time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		details, err := adm.ListTopics(ctx)
		if err != nil {
			return err
		}
		listed = details.Has(topic)
	}
	r["listedAfterDelete"] = listed
	return json.NewEncoder(os.Stdout).Encode(r)
}

func groupRows(ctx context.Context, adm *kadm.Client, topic string, r map[string]any) error {
	group := topic + "-group"
	commit := func(at int64) error {
		os := kadm.Offsets{}
		os.AddOffset(topic, 0, at, -1)
		res, err := adm.CommitOffsets(ctx, group, os)
		if err == nil {
			err = res.Error()
		}
		return err
	}
	committed := func() (any, error) {
		res, err := adm.FetchOffsets(ctx, group)
		if err != nil {
			return nil, err
		}
		if o, ok := res.Lookup(topic, 0); ok {
			return o.At, o.Err
		}
		return nil, nil
	}
	listed := func() (bool, error) {
		groups, err := adm.ListGroups(ctx)
		_, ok := groups[group]
		return ok, err
	}
	var errs [8]error
	errs[0] = commit(15)
	r["groupListed"], errs[1] = listed()
	described, err := adm.DescribeGroups(ctx, group)
	errs[2] = err
	r["groupState"] = described[group].State
	r["committed"], errs[3] = committed()
	errs[4] = commit(12)
	r["committedAfterAlter"], errs[5] = committed()
	if _, err := adm.DeleteOffsets(ctx, group, kadm.TopicsSet{topic: {0: {}}}); err != nil {
		return fmt.Errorf("delete offsets: %w", err)
	}
	after, err := committed()
	r["offsetAfterOffsetDelete"] = after != nil
	errs[6] = err
	if _, err := adm.DeleteGroups(ctx, group); err != nil {
		return fmt.Errorf("delete group: %w", err)
	}
	r["groupListedAfterDelete"], errs[7] = listed()
	if err := firstErr(errs[:]...); err != nil {
		return fmt.Errorf("groups: %w", err)
	}
	return nil
}
