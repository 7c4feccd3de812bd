package main

// Static membership with sarama's consumer group (eager rebalancing; sarama has no cooperative
// protocol): two members with group.instance.id share four partitions; the second closes (sarama
// sends no LeaveGroup for a static member, KIP-345) and comes back within its session, and must
// get its own partitions again without the first member going through another rebalance.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/IBM/sarama"
)

type sessions struct {
	mu     sync.Mutex
	claims [][]int32
}

func (s *sessions) Setup(sess sarama.ConsumerGroupSession) error {
	var ps []int32
	for _, p := range sess.Claims() {
		ps = append(ps, p...)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	s.mu.Lock()
	s.claims = append(s.claims, ps)
	s.mu.Unlock()
	return nil
}
func (s *sessions) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (s *sessions) ConsumeClaim(_ sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for range c.Messages() {
	}
	return nil
}

func (s *sessions) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.claims)
}

func (s *sessions) latest() []int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.claims) == 0 {
		return []int32{}
	}
	return s.claims[len(s.claims)-1]
}

func (s *sessions) from(i int) [][]int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]int32{}, s.claims[i:]...)
}

type member struct {
	cg     sarama.ConsumerGroup
	cancel context.CancelFunc
	done   chan struct{}
}

func startMember(brokers []string, topic, group, instance, version string, h *sessions) (*member, error) {
	cfg, err := config("none", version)
	if err != nil {
		return nil, err
	}
	cfg.Consumer.Group.InstanceId = instance
	cfg.Consumer.Group.Session.Timeout = 45 * time.Second
	cg, err := sarama.NewConsumerGroup(brokers, group, cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &member{cg: cg, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(m.done)
		for ctx.Err() == nil {
			_ = cg.Consume(ctx, []string{topic}, h)
		}
	}()
	return m, nil
}

func (m *member) close() {
	m.cancel()
	<-m.done
	_ = m.cg.Close()
}

func settled(what string, done func() bool) error {
	for deadline := time.Now().Add(60 * time.Second); !done(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out: %s", what)
		}
	}
	// A rebalance still finishing (or one that a change caused) shows now.
	time.Sleep(3 * time.Second)
	return nil
}

func runStatic(bootstrap, prefix string, replication int, version string) error {
	brokers := strings.Split(bootstrap, ",")
	topic, group := prefix+"-static", prefix+"-static-group"
	cfg, err := config("none", version)
	if err != nil {
		return err
	}
	admin, err := sarama.NewClusterAdmin(brokers, cfg)
	if err != nil {
		return err
	}
	defer admin.Close()
	if err := admin.CreateTopic(topic, &sarama.TopicDetail{NumPartitions: 4, ReplicationFactor: int16(replication)}, false); err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	h1, h2, hBack := &sessions{}, &sessions{}, &sessions{}
	first, err := startMember(brokers, topic, group, "first", version, h1)
	if err != nil {
		return err
	}
	defer first.close()
	if err := settled("the first member owns every partition", func() bool { return len(h1.latest()) == 4 }); err != nil {
		return err
	}
	second, err := startMember(brokers, topic, group, "second", version, h2)
	if err != nil {
		return err
	}
	if err := settled("the partitions are shared", func() bool {
		return len(h2.latest()) > 0 && len(h1.latest())+len(h2.latest()) == 4
	}); err != nil {
		return err
	}
	secondBefore, firstOwned := h2.latest(), h1.latest()
	second.close()
	mark := h1.count()
	back, err := startMember(brokers, topic, group, "second", version, hBack)
	if err != nil {
		return err
	}
	defer back.close()
	if err := settled("the static member is back", func() bool { return len(hBack.latest()) > 0 }); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"firstOwned": firstOwned, "secondBefore": secondBefore, "secondAfter": hBack.latest(),
		"firstEventsDuringReturn": h1.from(mark),
	})
}
