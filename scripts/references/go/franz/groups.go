package main

// Cooperative-sticky and static membership with kgo: a second member joining takes partitions
// from the first without the first giving up the ones it keeps (KIP-429), and a static member
// (InstanceID) that closes and comes back within its session gets the same partitions back
// without the other member seeing a rebalance (KIP-345). kgo runs the group in the background;
// the callbacks record what each member owns.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

type recorder struct {
	mu         sync.Mutex
	owned      map[int32]bool
	events     []string
	maxRevoked int
}

func partitionsOf(m map[string][]int32) []int32 {
	var out []int32
	for _, ps := range m {
		out = append(out, ps...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func (r *recorder) note(kind string, m map[string][]int32) {
	ps := partitionsOf(m)
	if len(ps) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf("%s%v", kind, ps))
	for _, p := range ps {
		r.owned[p] = kind == "assigned"
		if !r.owned[p] {
			delete(r.owned, p)
		}
	}
	if kind == "revoked" && len(ps) > r.maxRevoked {
		r.maxRevoked = len(ps)
	}
}

func (r *recorder) ownedList() []int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := []int32{}
	for p := range r.owned {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func (r *recorder) eventCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func (r *recorder) eventsFrom(i int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string{}, r.events[i:]...)
}

func groupMember(bootstrap, topic, group, instance string, r *recorder) (*kgo.Client, error) {
	return kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...), kgo.ConsumeTopics(topic),
		kgo.ConsumerGroup(group), kgo.InstanceID(instance), kgo.SessionTimeout(45*time.Second),
		kgo.Balancers(kgo.CooperativeStickyBalancer()),
		kgo.OnPartitionsAssigned(func(_ context.Context, _ *kgo.Client, m map[string][]int32) { r.note("assigned", m) }),
		kgo.OnPartitionsRevoked(func(_ context.Context, _ *kgo.Client, m map[string][]int32) { r.note("revoked", m) }),
		kgo.OnPartitionsLost(func(_ context.Context, _ *kgo.Client, m map[string][]int32) { r.note("lost", m) }))
}

func waitFor(what string, done func() bool) error {
	for deadline := time.Now().Add(60 * time.Second); !done(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out: %s", what)
		}
	}
	// Callbacks of a rebalance still finishing (or one that a change caused) land now.
	time.Sleep(3 * time.Second)
	return nil
}

func runGroups(ctx context.Context, bootstrap, prefix string, replication int) error {
	topic, group := prefix+"-coop", prefix+"-coop-group"
	admin, err := kgo.NewClient(kgo.SeedBrokers(strings.Split(bootstrap, ",")...))
	if err != nil {
		return err
	}
	defer admin.Close()
	created, err := kadm.NewClient(admin).CreateTopic(ctx, 4, int16(replication), nil, topic)
	if err = firstErr(err, created.Err); err != nil {
		return fmt.Errorf("create topic: %w", err)
	}
	r1, r2, back := &recorder{owned: map[int32]bool{}}, &recorder{owned: map[int32]bool{}}, &recorder{owned: map[int32]bool{}}
	first, err := groupMember(bootstrap, topic, group, "first", r1)
	if err != nil {
		return err
	}
	defer first.Close()
	if err := waitFor("the first member owns every partition", func() bool { return len(r1.ownedList()) == 4 }); err != nil {
		return err
	}
	second, err := groupMember(bootstrap, topic, group, "second", r2)
	if err != nil {
		return err
	}
	if err := waitFor("the partitions are shared", func() bool {
		return len(r2.ownedList()) > 0 && len(r1.ownedList())+len(r2.ownedList()) == 4
	}); err != nil {
		return err
	}
	secondBefore, firstOwned := r2.ownedList(), r1.ownedList()
	second.Close() // a static member leaves no LeaveGroup behind
	mark := r1.eventCount()
	returned, err := groupMember(bootstrap, topic, group, "second", back)
	if err != nil {
		return err
	}
	defer returned.Close()
	if err := waitFor("the static member is back", func() bool { return len(back.ownedList()) > 0 }); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"firstEvents": r1.eventsFrom(0), "firstMaxRevoked": r1.maxRevoked, "firstOwned": firstOwned,
		"secondBefore": secondBefore, "secondAfter": back.ownedList(), "firstEventsDuringReturn": r1.eventsFrom(mark),
	})
}
