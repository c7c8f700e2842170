package server

import (
	"context"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
)

// memo keeps one value built from the store for ttl. While a stale value
// is rebuilt, other requests keep getting the stale one, so readers never
// queue behind a rebuild; after invalidate (a write through this server)
// a reader gets only a value whose build began after the last
// invalidation it could have seen, so that a user sees what they just
// did. Readers that arrive during such a build share its result even when
// more writes come meanwhile: under a stream of writes each reader waits
// for at most one build, rather than for builds that are each outdated
// before they end. A negative ttl builds on every call.
type memo[T any] struct {
	ttl time.Duration
	now func() time.Time

	mu          sync.Mutex
	val         T
	valGen      uint64 // the generation at which the build of val began
	built       time.Time
	have        bool
	generation  uint64        // bumped by invalidate
	inflight    chan struct{} // closed when the running build ends; nil when none runs
	inflightGen uint64        // the generation at which the running build began
}

// get returns the value, building it with build when it is missing,
// invalidated or stale.
func (m *memo[T]) get(ctx context.Context, build func(context.Context) (T, error)) (T, error) {
	if m.ttl < 0 {
		return build(ctx)
	}
	m.mu.Lock()
	arrival := m.generation // a value built from here on shows every write before this request
	for {
		current := m.have && m.valGen >= arrival
		if current && m.now().Sub(m.built) < m.ttl {
			v := m.val
			m.mu.Unlock()
			return v, nil
		}
		if m.inflight == nil {
			break
		}
		if current {
			v := m.val // someone is rebuilding a stale value: serve it meanwhile
			m.mu.Unlock()
			return v, nil
		}
		wait, useful := m.inflight, m.inflightGen >= arrival
		m.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		m.mu.Lock()
		if useful && m.have && m.valGen >= arrival {
			v := m.val
			m.mu.Unlock()
			return v, nil
		}
		// That build failed, or began before our arrival: go round.
	}
	done := make(chan struct{})
	gen := m.generation
	m.inflight, m.inflightGen = done, gen
	m.mu.Unlock()

	v, err := build(ctx)

	m.mu.Lock()
	defer m.mu.Unlock()
	m.inflight = nil
	close(done)
	if err != nil {
		return v, err
	}
	if !m.have || gen >= m.valGen {
		m.val, m.valGen, m.built, m.have = v, gen, m.now(), true
	}
	return v, nil
}

// invalidate makes the value outdated: readers from now on wait for a
// value built after this call.
func (m *memo[T]) invalidate() {
	m.mu.Lock()
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

// protection drops what the server keeps built from records (the
// response cache, the overview, the lists' counts) when the protection of
// a record changed, through this server or any other handle of the store
// (reckon records protect beside a running server): a reader who may not
// see personal data checks for a change before anything kept is served.
type protection struct {
	watch reckon.ProtectionWatch
	mu    sync.Mutex
	mark  int64
}

// noticeProtection returns the store's protection mark, dropping every
// kept answer and view first when it changed since the last request.
func (s *Server) noticeProtection(ctx context.Context) (int64, error) {
	mark, err := s.protect.watch.Mark(ctx, s.store)
	if err != nil {
		return 0, err
	}
	s.protect.mu.Lock()
	changed := mark != s.protect.mark
	s.protect.mark = mark
	s.protect.mu.Unlock()
	if changed {
		s.invalidateCatalog()
	}
	return mark, nil
}
