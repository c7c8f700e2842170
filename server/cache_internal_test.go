package server

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
)

func TestMemo(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	var builds atomic.Int64
	build := func(context.Context) (int64, error) { return builds.Add(1), nil }
	m := &memo[int64]{ttl: time.Second, now: clock}

	get := func() int64 {
		t.Helper()
		v, err := m.get(ctx, build)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get(); v != 1 {
		t.Fatalf("first get = %d, want a build", v)
	}
	if v := get(); v != 1 {
		t.Fatalf("fresh get = %d, want the cached 1", v)
	}
	advance(2 * time.Second)
	if v := get(); v != 2 {
		t.Fatalf("stale get = %d, want a rebuild", v)
	}
	m.invalidate()
	if v := get(); v != 3 {
		t.Fatalf("get after invalidate = %d, want a rebuild", v)
	}

	// While a stale value is rebuilt, readers get the stale value at once.
	advance(2 * time.Second)
	started, release := make(chan struct{}), make(chan struct{})
	slow := func(context.Context) (int64, error) {
		close(started)
		<-release
		return builds.Add(1), nil
	}
	done := make(chan int64)
	go func() {
		v, _ := m.get(ctx, slow)
		done <- v
	}()
	<-started
	if v := get(); v != 3 {
		t.Fatalf("get during a rebuild = %d, want the stale 3", v)
	}
	close(release)
	if v := <-done; v != 4 {
		t.Fatalf("rebuild = %d", v)
	}

	// A failed build is returned and not cached.
	m.invalidate()
	boom := errors.New("boom")
	if _, err := m.get(ctx, func(context.Context) (int64, error) { return 0, boom }); err != boom {
		t.Fatalf("failed build: %v", err)
	}
	if v := get(); v != 5 {
		t.Fatalf("get after a failed build = %d", v)
	}

	// Cold readers wait for one build instead of each building.
	m.invalidate()
	before := builds.Load()
	var wg sync.WaitGroup
	gate := make(chan struct{})
	slowBuild := func(context.Context) (int64, error) { <-gate; return builds.Add(1), nil }
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); m.get(ctx, slowBuild) }()
	}
	time.Sleep(20 * time.Millisecond)
	close(gate)
	wg.Wait()
	if n := builds.Load() - before; n != 1 {
		t.Errorf("8 cold readers made %d builds, want 1", n)
	}

	// Writes during a build: readers who came before the build began
	// share its result, however many writes land meanwhile; a reader who
	// comes after a write never gets a value built before it.
	m.invalidate()
	gate2, began := make(chan struct{}), make(chan struct{})
	var once sync.Once
	gated := func(context.Context) (int64, error) {
		once.Do(func() { close(began) })
		<-gate2
		return builds.Add(1), nil
	}
	first := make(chan int64)
	go func() { v, _ := m.get(ctx, gated); first <- v }()
	<-began
	second := make(chan int64)
	go func() { v, _ := m.get(ctx, gated); second <- v }() // arrives during the build, before any write
	time.Sleep(10 * time.Millisecond)
	m.invalidate() // writes land while the build runs
	m.invalidate()
	close(gate2)
	a1, a2 := <-first, <-second
	if a1 != a2 {
		t.Errorf("two readers of one build got %d and %d", a1, a2)
	}
	if v := get(); v == a1 {
		t.Errorf("a reader after the writes got %d, built before them", v)
	}

	// A negative ttl builds every time.
	m = &memo[int64]{ttl: -1, now: clock}
	a, _ := m.get(ctx, build)
	b, _ := m.get(ctx, build)
	if a == b {
		t.Error("ttl < 0 cached a value")
	}
}

func TestFormat(t *testing.T) {
	lo, hi := int64(300), int64(600)
	for _, tt := range []struct{ got, want string }{
		{formatNum(0), "0"}, {formatNum(999), "999"}, {formatNum(1000), "1,000"}, {formatNum(int64(-1234567)), "-1,234,567"},
		{formatInterval(intervalOf(&lo, &hi)), "300–600"}, {formatInterval(intervalOf(&lo, &lo)), "300"},
		{formatInterval(intervalOf(&lo, nil)), "≥ 300"}, {formatInterval(intervalOf(nil, &hi)), "≤ 600"},
		{formatInterval(intervalOf(nil, nil)), "unknown"},
		{shortNum(1000), "1k"}, {shortNum(20000000), "20M"}, {shortNum(1500), "1,500"},
		{trimStartRune("\xb0\xb0abc"), "abc"}, {trimEndRune("ab\xea\xb0"), "ab"}, {trimEndRune("ab강"), "ab강"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func intervalOf(lo, hi *int64) reckon.Interval { return reckon.Interval{Low: lo, High: hi} }
