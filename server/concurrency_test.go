package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/server"
	"github.com/reckonhq/reckon/sqlite"
)

// TestConcurrentWriters runs 50 writers reviewing a few claims through
// the API, each sending the version it read, beside 200 readers, for a
// bounded time, on each store. No update may be lost (every review that
// succeeded is in the claim's history and its version counts them), and
// the only errors are the conflicts that are due. p99 latencies are
// logged.
func TestConcurrentWriters(t *testing.T) {
	stores := map[string]func(t *testing.T) reckon.Store{
		"sqlite": func(t *testing.T) reckon.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reckon.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		"postgres": func(t *testing.T) reckon.Store { return pgtest.Open(t) },
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) { concurrentWriters(t, open(t)) })
	}
}

func concurrentWriters(t *testing.T, st reckon.Store) {
	ctx := context.Background()
	src := &reckon.Source{Name: "Yonhap", Kind: reckon.KindMedia}
	if err := st.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	const nClaims = 5
	var text strings.Builder
	var claims []reckon.Claim
	for i := range nClaims {
		s := fmt.Sprintf("Officials said at least %d soldiers were killed. ", 100+i)
		start := text.Len() + strings.Index(s, "at least")
		text.WriteString(s)
		span := fmt.Sprintf("at least %d", 100+i)
		claims = append(claims, reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.AtLeast, Interval: reckon.From(int64(100 + i)),
			Span: span, Start: start, End: start + len(span)})
	}
	chunks := func(yield func(reckon.Chunk, error) bool) {
		yield(reckon.Chunk{Text: text.String(), Claims: claims}, nil)
	}
	if _, err := st.AddDocument(ctx, &reckon.Document{SourceID: src.ID}, iter.Seq2[reckon.Chunk, error](chunks)); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(st, server.Options{ResponseTTL: -1}))
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 300}}
	defer client.CloseIdleConnections()

	var (
		mu                 sync.Mutex
		writeLat, readLat  []time.Duration
		ok, conflicts, bad atomic.Int64
	)
	deadline := time.Now().Add(2 * time.Second)
	var wg sync.WaitGroup
	for w := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				id := 1 + (w+i)%nClaims
				var c struct {
					Version int64 `json:"version"`
				}
				res, err := client.Get(fmt.Sprintf("%s/api/v1/claims/%d", ts.URL, id))
				if err != nil {
					bad.Add(1)
					return
				}
				json.NewDecoder(res.Body).Decode(&c)
				res.Body.Close()
				body := fmt.Sprintf(`{"action":"edit","low":%d,"why":"writer %d","version":%d}`, w, w, c.Version)
				t0 := time.Now()
				res, err = client.Post(fmt.Sprintf("%s/api/v1/claims/%d/review", ts.URL, id), "application/json", strings.NewReader(body))
				if err != nil {
					bad.Add(1)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				mu.Lock()
				writeLat = append(writeLat, time.Since(t0))
				mu.Unlock()
				switch res.StatusCode {
				case http.StatusOK:
					ok.Add(1)
				case http.StatusConflict:
					conflicts.Add(1)
				default:
					bad.Add(1)
				}
			}
		}()
	}
	for r := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			paths := []string{"/api/v1/claims", "/", "/claims", fmt.Sprintf("/api/v1/claims/%d", 1+r%nClaims)}
			for i := 0; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				res, err := client.Get(ts.URL + paths[(r+i)%len(paths)])
				if err != nil {
					bad.Add(1)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					bad.Add(1)
				}
				mu.Lock()
				readLat = append(readLat, time.Since(t0))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if bad.Load() != 0 {
		t.Errorf("%d requests failed other than by a due conflict", bad.Load())
	}
	// No lost update: every successful review is in a history, and each
	// claim's version counts its reviews.
	var reviews int64
	for id := int64(1); id <= nClaims; id++ {
		c, err := st.Claim(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		hist, _ := st.Reviews(ctx, id)
		if int64(len(hist)) != c.Version {
			t.Errorf("claim %d: version %d but %d reviews kept", id, c.Version, len(hist))
		}
		reviews += int64(len(hist))
	}
	if reviews != ok.Load() {
		t.Errorf("%d reviews succeeded, %d kept: updates were lost", ok.Load(), reviews)
	}
	if ok.Load() == 0 {
		t.Error("no review succeeded")
	}
	p99 := func(d []time.Duration) time.Duration {
		if len(d) == 0 {
			return 0
		}
		slices.Sort(d)
		return d[len(d)*99/100]
	}
	t.Logf("%s: %d reviews, %d conflicts due; writes p99 %v; %d reads, p99 %v", t.Name(), ok.Load(), conflicts.Load(), p99(writeLat), len(readLat), p99(readLat))
}
