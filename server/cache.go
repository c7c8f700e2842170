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

// responses keeps whole answers of GET routes for a short time, keyed by
// their request URI, so that a page or list that many clients ask for
// at once is made once per period rather than once per request. Like
// [memo] it is dropped by every write through this server.
type responses struct {
	ttl time.Duration
	now func() time.Time

	mu         sync.Mutex
	entries    map[string]*response
	bytes      int
	generation uint64
}

type response struct {
	body        []byte
	etag        string
	contentType string
	built       time.Time
	generation  uint64
}

// Bounds of the response cache.
const (
	maxCachedResponses = 1024
	maxCachedBytes     = 64 << 20
	maxCachedBody      = 1 << 20
)

func (c *responses) get(key string) (*response, bool) {
	if c.ttl <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || c.now().Sub(e.built) >= c.ttl {
		return nil, false
	}
	return e, true
}

// put keeps an answer made at generation gen, unless a write happened
// since.
func (c *responses) put(key string, gen uint64, e *response) {
	if c.ttl <= 0 || len(e.body) > maxCachedBody {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.generation {
		return
	}
	if c.entries == nil {
		c.entries = map[string]*response{}
	}
	if len(c.entries) >= maxCachedResponses || c.bytes+len(e.body) > maxCachedBytes {
		now := c.now()
		for k, old := range c.entries { // the stale first, then any
			if now.Sub(old.built) >= c.ttl {
				c.bytes -= len(old.body)
				delete(c.entries, k)
			}
		}
		for k, old := range c.entries {
			if len(c.entries) < maxCachedResponses && c.bytes+len(e.body) <= maxCachedBytes {
				break
			}
			c.bytes -= len(old.body)
			delete(c.entries, k)
		}
	}
	if old, ok := c.entries[key]; ok {
		c.bytes -= len(old.body)
	}
	e.built, e.generation = c.now(), gen
	c.entries[key] = e
	c.bytes += len(e.body)
}

func (c *responses) gen() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.generation
}

func (c *responses) invalidate() {
	c.mu.Lock()
	c.entries, c.bytes = nil, 0
	c.generation++
	c.mu.Unlock()
}
