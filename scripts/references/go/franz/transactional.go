package main

// The transactional scenario: one transaction of records is aborted, the next committed, and a
// read_committed consumer must see exactly the committed records (none of the aborted ones).

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

type txnScenario struct {
	bootstrap, topic, transactionalID string
	count, partitions, replication    int
}

type txnResult struct {
	Aborted       int `json:"aborted"`
	Committed     int `json:"committed"`
	SeenCommitted int `json:"seenCommitted"`
	SeenAborted   int `json:"seenAborted"`
}

func runTransactional(ctx context.Context, s txnScenario) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(s.bootstrap, ",")...), kgo.DefaultProduceTopic(s.topic),
		kgo.TransactionalID(s.transactionalID))
	if err != nil {
		return err
	}
	defer cl.Close()
	created, err := kadm.NewClient(cl).CreateTopic(ctx, int32(s.partitions), int16(s.replication), nil, s.topic)
	if err == nil {
		err = created.Err
	}
	if err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	out := txnResult{}
	for _, commit := range []bool{false, true} {
		if err := cl.BeginTransaction(); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		prefix := map[bool]string{false: "aborted", true: "committed"}[commit]
		for i := 0; i < s.count; i++ {
			rec := &kgo.Record{Key: []byte(fmt.Sprintf("key-%d", i)), Value: []byte(fmt.Sprintf("%s-%d", prefix, i))}
			if err := cl.ProduceSync(ctx, rec).FirstErr(); err != nil {
				return fmt.Errorf("produce (%s): %w", prefix, err)
			}
		}
		if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)); err != nil {
			return fmt.Errorf("end transaction (%s): %w", prefix, err)
		}
		if commit {
			out.Committed = s.count
		} else {
			out.Aborted = s.count
		}
	}
	consumer, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(s.bootstrap, ",")...), kgo.ConsumeTopics(s.topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	if err != nil {
		return err
	}
	defer consumer.Close()
	// Read until every committed record arrived, then poll once more so extras would be seen too.
	for extra := false; ; {
		pollCtx, cancel := context.WithTimeout(ctx, time.Second)
		fetches := consumer.PollFetches(pollCtx)
		cancel()
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("read %d of %d committed records: %w", out.SeenCommitted, s.count, err)
		}
		fetches.EachError(func(t string, p int32, e error) {
			if e != context.DeadlineExceeded {
				err = fmt.Errorf("fetch %s-%d: %w", t, p, e)
			}
		})
		if err != nil {
			return err
		}
		fetches.EachRecord(func(r *kgo.Record) {
			if strings.HasPrefix(string(r.Value), "committed-") {
				out.SeenCommitted++
			} else {
				out.SeenAborted++
			}
		})
		if extra {
			break
		}
		extra = out.SeenCommitted >= s.count
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}
