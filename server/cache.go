package server

import (
	"context"
	"sync"
	"time"
)

// memo keeps one value built from the store for ttl. While a stale value
// is rebuilt, other requests keep getting the stale one, so readers never
// queue behind a rebuild; after invalidate (a write through this server)
// the next reader rebuilds before answering, so that a user sees what
// they just did. A negative ttl builds on every call.
type memo[T any] struct {
	ttl time.Duration
	now func() time.Time

	mu         sync.Mutex
	val        T
	built      time.Time
	have       bool
	generation uint64        // bumped by invalidate
	inflight   chan struct{} // closed when the running build ends; nil when none runs
}

// get returns the value, building it with build when it is missing,
// invalidated or stale.
func (m *memo[T]) get(ctx context.Context, build func(context.Context) (T, error)) (T, error) {
	if m.ttl < 0 {
		return build(ctx)
	}
	m.mu.Lock()
	for {
		if m.have && m.now().Sub(m.built) < m.ttl {
			v := m.val
			m.mu.Unlock()
			return v, nil
		}
		if m.inflight == nil {
			break
		}
		if m.have {
			v := m.val // someone is rebuilding: serve the stale value meanwhile
			m.mu.Unlock()
			return v, nil
		}
		wait := m.inflight // nothing to serve: wait for that build
		m.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		m.mu.Lock()
		if m.have {
			v := m.val
			m.mu.Unlock()
			return v, nil
		}
		if m.inflight == nil {
			break // that build failed: try ours
		}
	}
	done := make(chan struct{})
	m.inflight = done
	gen := m.generation
	m.mu.Unlock()

	v, err := build(ctx)

	m.mu.Lock()
	defer m.mu.Unlock()
	m.inflight = nil
	close(done)
	if err != nil {
		return v, err
	}
	if gen == m.generation {
		m.val, m.built, m.have = v, m.now(), true
	}
	return v, nil
}

// invalidate drops the value: the next get rebuilds it.
func (m *memo[T]) invalidate() {
	m.mu.Lock()
	var zero T
	m.val, m.have = zero, false
	m.generation++
	m.mu.Unlock()
}
